package ai.kubernaut.e2e.components.migrations;

import ai.kubernaut.e2e.api.v1alpha1.MigrationsSpec;
import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.components.Workloads;
import ai.kubernaut.e2e.components.postgresql.PostgreSQLComponent;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/** One run of the runner. Create-only: a Job's template is immutable, new inputs get a new Job (new name). */
public final class MigrationsJob {
  private MigrationsJob() {}

  public static Job desired(ComponentContext ctx, MigrationsSpec spec, PostgreSQLSpec pg, String image,
      String hash) {
    String secret = PostgreSQLComponent.credentialsSecretName(ctx, pg);
    var container = new ContainerBuilder()
        .withName("migrations")
        .withImage(image)
        .withCommand("sh", "/runner/" + MigrationsRunnerScript.KEY)
        .withEnv(Workloads.env(spec, List.of(
            Workloads.env("PGHOST", PostgreSQLComponent.serviceName(ctx)),
            Workloads.env("PGPORT", String.valueOf(PostgreSQLComponent.PORT)),
            Workloads.secretEnv("PGUSER", secret, "username"),
            Workloads.secretEnv("PGPASSWORD", secret, "password"),
            Workloads.env("PGDATABASE", PostgreSQLComponent.database(pg)),
            Workloads.env("MIGRATIONS_DIR", "/migrations"))))
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withResources(Workloads.resources(spec, "50m", "64Mi", "500m", "256Mi"))
        .addNewVolumeMount().withName("sql").withMountPath("/migrations").withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("runner").withMountPath("/runner").withReadOnly(true).endVolumeMount()
        .build();
    var volumes = List.of(
        new VolumeBuilder().withName("sql").withNewConfigMap().withName(spec.configMap).endConfigMap().build(),
        new VolumeBuilder().withName("runner").withNewConfigMap().withName(MigrationsRunnerScript.name(ctx))
            .endConfigMap().build());
    var template = Workloads.podTemplate(ctx, MigrationsComponent.ID, spec, Map.of(), container, volumes, null,
        "Never");
    return new JobBuilder()
        .withNewMetadata().withName(ctx.name("migrations-" + hash)).withNamespace(ctx.namespace())
        .addToLabels(Labels.INPUT_HASH, hash).endMetadata()
        .withNewSpec()
        // A failed file fails the same way on retry; the runner itself waits for the database to accept connections.
        .withBackoffLimit(0)
        .withTemplate(template)
        .endSpec()
        .build();
  }
}
