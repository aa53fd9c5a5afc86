package ai.kubernaut.e2e.components.postgresql;

import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.components.BuiltInComponent;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL for DataStorage's audit and workflow-catalog tables: Secret, init script, Deployment, Service. */
public class PostgreSQLComponent extends BuiltInComponent {
  public static final String ID = "postgresql";
  public static final String DEFAULT_IMAGE = "postgres:16-alpine";
  public static final String DEFAULT_DATABASE = "action_history";
  public static final String DEFAULT_USER = "slm_user";
  public static final int PORT = 5432;
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private final PostgreSQLSpec spec;

  public PostgreSQLComponent(PostgreSQLSpec spec) {
    super(ID, "PostgreSQL", "PostgreSQLReady", spec, DEFAULT_TIMEOUT);
    this.spec = spec;
  }

  @Override
  public List<List<DesiredObject>> desired(ComponentContext ctx) {
    List<DesiredObject> objects = new ArrayList<>();
    if (spec.credentialsSecret == null) {
      objects.add(DesiredObject.ownedCreateOnly(PostgreSQLCredentialsSecret.desired(ctx, spec)));
    }
    objects.add(DesiredObject.owned(PostgreSQLInitScript.desired(ctx, spec)));
    objects.add(DesiredObject.owned(PostgreSQLDeployment.desired(ctx, spec)));
    objects.add(DesiredObject.owned(PostgreSQLService.desired(ctx)));
    return List.of(objects);
  }

  public static String image(PostgreSQLSpec spec) {
    return spec.image != null ? spec.image : DEFAULT_IMAGE;
  }

  public static String database(PostgreSQLSpec spec) {
    return spec.database != null ? spec.database : DEFAULT_DATABASE;
  }

  /** The Secret holding 'username' and 'password': the user's, or the generated one. */
  public static String credentialsSecretName(ComponentContext ctx, PostgreSQLSpec spec) {
    return spec.credentialsSecret != null ? spec.credentialsSecret : ctx.name("postgresql-credentials");
  }

  public static String serviceName(ComponentContext ctx) {
    return ctx.name("postgresql");
  }
}
