package ai.kubernaut.e2e.components.workflowexecution;

import ai.kubernaut.e2e.api.v1alpha1.ManifestSource;
import ai.kubernaut.e2e.api.v1alpha1.WorkflowExecutionSpec;
import ai.kubernaut.e2e.components.BuiltInComponent;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.datastorage.DataStorageComponent;
import ai.kubernaut.e2e.components.tekton.TektonComponent;
import ai.kubernaut.e2e.readiness.Readiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The WorkflowExecution controller. Phase one installs its CRD, execution namespace, service accounts and RBAC;
 * the controller Deployment follows only once the CRD is established (the controller fails on a missing kind).
 */
public class WorkflowExecutionComponent extends BuiltInComponent {
  public static final String ID = "workflowExecution";
  public static final String CRD_GROUP = "workflowexecution-crd";
  public static final String DEFAULT_EXECUTION_NAMESPACE = "kubernaut-workflows";
  static final String BUNDLED_CRD = load("/manifests/workflowexecution-crd.yaml");

  private final WorkflowExecutionSpec spec;

  public WorkflowExecutionComponent(WorkflowExecutionSpec spec) {
    super(ID, "WorkflowExecution", "WorkflowExecutionReady", spec, Duration.ofMinutes(10));
    this.spec = spec;
  }

  @Override
  public List<String> dependsOn() {
    return List.of(TektonComponent.ID, DataStorageComponent.ID);
  }

  @Override
  public Set<String> sharedGroups() {
    return Set.of(CRD_GROUP);
  }

  @Override
  public Optional<String> awaitingImage() {
    return spec.image == null ? Optional.of("spec.workflowExecution.image is not set; set it once the image is "
        + "loaded, e.g. kubectl patch e2eenvironment <name> --type=merge "
        + "-p '{\"spec\":{\"workflowExecution\":{\"image\":\"...\"}}}'") : Optional.empty();
  }

  @Override
  public List<List<DesiredObject>> desired(ComponentContext ctx) {
    String executionNamespace = executionNamespace();
    return List.of(
        List.of(
            DesiredObject.shared(crd(ctx), CRD_GROUP),
            DesiredObject.labeled(WorkflowExecutionNamespace.desired(executionNamespace)),
            DesiredObject.labeled(WorkflowRunnerServiceAccount.desired(ctx, executionNamespace)),
            DesiredObject.owned(WorkflowExecutionServiceAccount.desired(ctx)),
            DesiredObject.labeled(WorkflowExecutionClusterRole.desired(ctx)),
            DesiredObject.labeled(WorkflowExecutionClusterRoleBinding.desired(ctx))),
        List.of(DesiredObject.owned(WorkflowExecutionDeployment.desired(ctx, spec, executionNamespace))));
  }

  private CustomResourceDefinition crd(ComponentContext ctx) {
    ManifestSource source = spec.crd;
    String text = source == null ? BUNDLED_CRD : ctx.manifests().text(source, ctx, "WorkflowExecution CRD");
    for (HasMetadata o : ctx.manifests().parse(text, "WorkflowExecution CRD")) {
      if (o instanceof CustomResourceDefinition crd && "workflowexecutions.kubernaut.ai".equals(o.getMetadata()
          .getName())) {
        return crd;
      }
    }
    throw new NotReadyException(Readiness.failed("InvalidSource",
        "the WorkflowExecution CRD source holds no CustomResourceDefinition workflowexecutions.kubernaut.ai"));
  }

  String executionNamespace() {
    return spec.executionNamespace != null ? spec.executionNamespace : DEFAULT_EXECUTION_NAMESPACE;
  }

  private static String load(String resource) {
    try (InputStream in = WorkflowExecutionComponent.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
