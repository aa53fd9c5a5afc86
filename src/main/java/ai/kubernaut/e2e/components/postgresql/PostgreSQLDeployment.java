package ai.kubernaut.e2e.components.postgresql;

import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Workloads;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;

public final class PostgreSQLDeployment {
  private PostgreSQLDeployment() {}

  public static Deployment desired(ComponentContext ctx, PostgreSQLSpec spec) {
    String secret = PostgreSQLComponent.credentialsSecretName(ctx, spec);
    Probe probe = new ProbeBuilder()
        .withNewExec().withCommand("sh", "-c", "pg_isready -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"").endExec()
        .withPeriodSeconds(5).withTimeoutSeconds(3).build();
    var container = new ContainerBuilder()
        .withName("postgresql")
        .withImage(PostgreSQLComponent.image(spec))
        .withEnv(Workloads.env(spec, List.of(
            Workloads.secretEnv("POSTGRES_USER", secret, "username"),
            Workloads.secretEnv("POSTGRES_PASSWORD", secret, "password"),
            Workloads.env("POSTGRES_DB", PostgreSQLComponent.database(spec)),
            Workloads.env("PGDATA", "/var/lib/postgresql/data/pgdata"))))
        .addNewPort().withName("postgresql").withContainerPort(PostgreSQLComponent.PORT).endPort()
        .withReadinessProbe(probe)
        .withLivenessProbe(new ProbeBuilder(probe).withInitialDelaySeconds(30).withPeriodSeconds(10).build())
        .withResources(Workloads.resources(spec, "250m", "256Mi", "500m", "512Mi"))
        .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
        .addNewVolumeMount().withName("init").withMountPath("/docker-entrypoint-initdb.d").endVolumeMount()
        .build();
    var volumes = List.of(
        new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("init").withNewConfigMap().withName(PostgreSQLInitScript.name(ctx))
            .endConfigMap().build());
    var template = Workloads.podTemplate(ctx, PostgreSQLComponent.ID, spec, Map.of(), container, volumes, null,
        "Always");
    // Recreate: two PostgreSQL pods must never share the (emptyDir) data of one environment.
    return Workloads.deployment(ctx, PostgreSQLComponent.ID, ctx.name("postgresql"), template, true);
  }
}
