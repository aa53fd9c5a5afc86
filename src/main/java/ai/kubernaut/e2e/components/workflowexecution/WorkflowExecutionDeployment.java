package ai.kubernaut.e2e.components.workflowexecution;

import ai.kubernaut.e2e.api.v1alpha1.WorkflowExecutionSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Workloads;
import ai.kubernaut.e2e.components.datastorage.DataStorageComponent;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public final class WorkflowExecutionDeployment {
  private WorkflowExecutionDeployment() {}

  public static Deployment desired(ComponentContext ctx, WorkflowExecutionSpec spec, String executionNamespace) {
    List<String> args = new ArrayList<>(List.of(
        "--metrics-bind-address=:9090",
        "--health-probe-bind-address=:8081",
        "--execution-namespace=" + executionNamespace,
        "--cooldown-period=1",
        "--service-account=" + WorkflowRunnerServiceAccount.NAME,
        "--datastorage-url=" + DataStorageComponent.url(ctx)));
    if (spec.args != null) {
      args.addAll(spec.args);
    }
    var container = new ContainerBuilder()
        .withName("controller")
        .withImage(spec.image)
        .withArgs(args)
        .withEnv(Workloads.env(spec, List.of()))
        .addNewPort().withName("metrics").withContainerPort(9090).endPort()
        .addNewPort().withName("health").withContainerPort(8081).endPort()
        .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/readyz").withNewPort(8081).endHttpGet()
            .withPeriodSeconds(5).build())
        .withLivenessProbe(new ProbeBuilder().withNewHttpGet().withPath("/healthz").withNewPort(8081).endHttpGet()
            .withInitialDelaySeconds(15).withPeriodSeconds(10).build())
        .withResources(Workloads.resources(spec, "100m", "64Mi", "500m", "256Mi"))
        .build();
    var template = Workloads.podTemplate(ctx, WorkflowExecutionComponent.ID, spec, Map.of(), container, List.of(),
        WorkflowExecutionServiceAccount.name(ctx), "Always");
    return Workloads.deployment(ctx, WorkflowExecutionComponent.ID, ctx.name("workflowexecution-controller"),
        template, false);
  }
}
