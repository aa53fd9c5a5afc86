package ai.kubernaut.e2e.reconciler;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.EnvironmentComponents;
import ai.kubernaut.e2e.components.manifests.ManifestSetComponent;
import ai.kubernaut.e2e.components.tekton.TektonComponent;
import ai.kubernaut.e2e.components.workflowexecution.WorkflowExecutionComponent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletion. Objects in the environment's namespace go by garbage collection (owner references); what the
 * finalizer must do is delete the environment's cluster-scoped and cross-namespace objects, and a shared install
 * (Tekton, a CRD) when no other live environment uses it. Best effort: a broken component never blocks deletion.
 */
class EnvironmentCleanup {
  private static final Logger LOG = Logger.getLogger(EnvironmentCleanup.class);
  private static final List<String> GROUPS = List.of(TektonComponent.SHARED_GROUP,
      WorkflowExecutionComponent.CRD_GROUP, ManifestSetComponent.SHARED_GROUP);

  private final WatchedResources watched;
  private final ResourceApplier applier;

  EnvironmentCleanup(WatchedResources watched, ResourceApplier applier) {
    this.watched = watched;
    this.applier = applier;
  }

  void cleanup(E2EEnvironment env, Context<E2EEnvironment> ctx) {
    List<HasMetadata> labeled = watched.ownedBy(env).filter(o -> !isInOwnNamespace(o, env)).toList();
    labeled.forEach(this::deleteQuietly);
    for (String group : GROUPS) {
      if (!WatchedResources.usesSharedGroup(env.getSpec(), group)) {
        continue;
      }
      boolean stillUsed = ctx.getPrimaryCache().list(other -> !other.getMetadata().getUid()
          .equals(env.getMetadata().getUid()) && other.getMetadata().getDeletionTimestamp() == null
          && WatchedResources.usesSharedGroup(other.getSpec(), group)).findAny().isPresent();
      if (stillUsed) {
        LOG.infof("keeping shared %s install: other environments still use it", group);
        continue;
      }
      watched.sharedGroup(group).toList().forEach(this::deleteQuietly);
    }
  }

  /** Called when the spec is valid: drops whatever disabled or removed components left behind. */
  int pruneDisabled(E2EEnvironment env, EnvironmentComponents components) {
    var labels = new java.util.HashSet<String>();
    components.enabled().keySet().forEach(id -> labels.add(ManifestSetComponent.labelValue(id)));
    return applier.pruneComponentsOtherThan(env, labels);
  }

  private static boolean isInOwnNamespace(HasMetadata o, E2EEnvironment env) {
    return env.getMetadata().getNamespace().equals(o.getMetadata().getNamespace());
  }

  private void deleteQuietly(HasMetadata o) {
    try {
      applier.delete(o);
    } catch (RuntimeException e) {
      LOG.warnf("could not delete %s %s: %s", o.getKind(), o.getMetadata().getName(), e.getMessage());
    }
  }
}
