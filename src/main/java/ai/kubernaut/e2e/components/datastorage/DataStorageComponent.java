package ai.kubernaut.e2e.components.datastorage;

import ai.kubernaut.e2e.api.v1alpha1.DataStorageSpec;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentSpec;
import ai.kubernaut.e2e.components.BuiltInComponent;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.migrations.MigrationsComponent;
import ai.kubernaut.e2e.components.postgresql.PostgreSQLComponent;
import ai.kubernaut.e2e.components.redis.RedisComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** kubernaut's DataStorage service: config ConfigMap, secrets files, Deployment, Service. */
public class DataStorageComponent extends BuiltInComponent {
  public static final String ID = "dataStorage";
  public static final int PORT = 8080;

  private final E2EEnvironmentSpec env;
  private final DataStorageSpec spec;

  public DataStorageComponent(E2EEnvironmentSpec env) {
    super(ID, "DataStorage", "DataStorageReady", env.dataStorage, Duration.ofMinutes(10));
    this.env = env;
    this.spec = env.dataStorage;
  }

  @Override
  public List<String> dependsOn() {
    List<String> deps = new ArrayList<>(List.of(PostgreSQLComponent.ID, RedisComponent.ID));
    if (env.migrations != null && env.migrations.enabledOrDefault()) {
      deps.add(MigrationsComponent.ID);
    }
    return deps;
  }

  @Override
  public Optional<String> awaitingImage() {
    return spec.image == null ? Optional.of("spec.dataStorage.image is not set; set it once the image is loaded, "
        + "e.g. kubectl patch e2eenvironment <name> --type=merge -p '{\"spec\":{\"dataStorage\":{\"image\":\"...\"}}}'")
        : Optional.empty();
  }

  @Override
  public List<List<DesiredObject>> desired(ComponentContext ctx) {
    var config = DataStorageConfig.desired(ctx, env);
    var secrets = DataStorageSecrets.desired(ctx, env.postgresql);
    return List.of(List.of(
        DesiredObject.owned(config),
        DesiredObject.owned(secrets),
        DesiredObject.owned(DataStorageDeployment.desired(ctx, spec, config, secrets)),
        DesiredObject.owned(DataStorageService.desired(ctx))));
  }

  public static String url(ComponentContext ctx) {
    return "http://" + ctx.name("datastorage") + "." + ctx.namespace() + ":" + PORT;
  }
}
