package ai.kubernaut.e2e.components.datastorage;

import ai.kubernaut.e2e.api.v1alpha1.DataStorageSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public final class DataStorageDeployment {
  private DataStorageDeployment() {}

  public static Deployment desired(ComponentContext ctx, DataStorageSpec spec, ConfigMap config, Secret secrets) {
    boolean coverage = Boolean.TRUE.equals(spec.coverage);
    List<EnvVar> env = new ArrayList<>(List.of(
        Workloads.env("CONFIG_PATH", DataStorageConfig.MOUNT + "/config.yaml")));
    List<VolumeMount> mounts = new ArrayList<>(List.of(
        new VolumeMountBuilder().withName("config").withMountPath(DataStorageConfig.MOUNT).withReadOnly(true).build(),
        new VolumeMountBuilder().withName("secrets").withMountPath(DataStorageConfig.MOUNT + "/secrets")
            .withReadOnly(true).build()));
    List<Volume> volumes = new ArrayList<>(List.of(
        new VolumeBuilder().withName("config").withNewConfigMap().withName(config.getMetadata().getName())
            .endConfigMap().build(),
        new VolumeBuilder().withName("secrets").withNewSecret().withSecretName(secrets.getMetadata().getName())
            .endSecret().build()));
    if (coverage) {
      env.add(Workloads.env("GOCOVERDIR", "/coverdata"));
      mounts.add(new VolumeMountBuilder().withName("coverdata").withMountPath("/coverdata").build());
      volumes.add(new VolumeBuilder().withName("coverdata").withNewEmptyDir().endEmptyDir().build());
    }
    var container = new ContainerBuilder()
        .withName("datastorage")
        .withImage(spec.image)
        .withEnv(Workloads.env(spec, env))
        .addNewPort().withName("http").withContainerPort(DataStorageComponent.PORT).endPort()
        .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/health/ready")
            .withNewPort(DataStorageComponent.PORT).endHttpGet().withPeriodSeconds(5).build())
        .withLivenessProbe(new ProbeBuilder().withNewHttpGet().withPath("/health/live")
            .withNewPort(DataStorageComponent.PORT).endHttpGet().withInitialDelaySeconds(10).withPeriodSeconds(10)
            .build())
        .withResources(Workloads.resources(spec, "100m", "128Mi", "500m", "512Mi"))
        .withVolumeMounts(mounts)
        .build();
    // A config change must roll the pods: DataStorage reads its config once at start.
    Map<String, String> checksum = Map.of("e2e.kubernaut.ai/config-hash",
        Integer.toHexString((config.getData().toString() + secrets.getData().toString()).hashCode()));
    var template = Workloads.podTemplate(ctx, DataStorageComponent.ID, spec, checksum, container, volumes, null,
        "Always");
    return Workloads.deployment(ctx, DataStorageComponent.ID, ctx.name("datastorage"), template, false);
  }
}
