package ai.kubernaut.e2e.components.redis;

import ai.kubernaut.e2e.api.v1alpha1.RedisSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Workloads;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;

public final class RedisDeployment {
  private RedisDeployment() {}

  public static Deployment desired(ComponentContext ctx, RedisSpec spec) {
    Probe probe = new ProbeBuilder().withNewExec().withCommand("redis-cli", "ping").endExec()
        .withPeriodSeconds(5).withTimeoutSeconds(3).build();
    var container = new ContainerBuilder()
        .withName("redis")
        .withImage(spec.image != null ? spec.image : RedisComponent.DEFAULT_IMAGE)
        .withEnv(Workloads.env(spec, List.of()))
        .addNewPort().withName("redis").withContainerPort(RedisComponent.PORT).endPort()
        .withReadinessProbe(probe)
        .withLivenessProbe(new ProbeBuilder(probe).withInitialDelaySeconds(15).withPeriodSeconds(10).build())
        .withResources(Workloads.resources(spec, "100m", "128Mi", "200m", "256Mi"))
        .build();
    var template = Workloads.podTemplate(ctx, RedisComponent.ID, spec, Map.of(), container, List.of(), null,
        "Always");
    return Workloads.deployment(ctx, RedisComponent.ID, ctx.name("redis"), template, true);
  }
}
