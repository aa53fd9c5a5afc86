package ai.kubernaut.e2e.reconciler;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.readiness.ObjectReadiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Creates or updates one desired object, safely. An object is created only after a read (the informer cache, then
 * the API server) found nothing of that name, so an object someone else made is detected and reported instead of
 * silently taken over. An object that is ours is updated by server-side apply only when it differs from what we
 * want (JOSDK's SSA matcher on our field manager), so a steady environment costs no API calls.
 */
class ResourceApplier {
  private static final Logger LOG = Logger.getLogger(ResourceApplier.class);

  private final KubernetesClient client;
  private final WatchedResources watched;

  ResourceApplier(KubernetesClient client, WatchedResources watched) {
    this.client = client;
    this.watched = watched;
  }

  /** The object is someone else's; we leave it alone and say so. */
  static class OwnershipConflictException extends RuntimeException {
    OwnershipConflictException(String message) {
      super(message);
    }
  }

  /** The object as it is in the cluster after we are done with it. */
  HasMetadata apply(DesiredObject desired, E2EEnvironment env, String componentLabel, Context<E2EEnvironment> ctx,
      boolean appliedBefore) {
    HasMetadata object = prepare(desired, env, componentLabel);
    boolean watchedKind = watched.isWatched(object.getClass());
    HasMetadata actual = watchedKind ? cached(object).orElse(null) : null;
    if (actual == null && !watchedKind && appliedBefore) {
      // Unwatched kinds (Roles, webhooks of a release manifest...) are applied once per change of the component.
      return object;
    }
    if (actual == null) {
      try {
        // Watched kinds are created by server-side apply, not POST: the object then carries our Apply entry, so the
        // next reconciliation's SSA matcher sees it as ours and equal instead of applying it once more. The read
        // above found no object of that name; without forceConflicts one created since, with other values, is
        // refused (409), not taken over. Unwatched kinds had no read: a plain create (409 if the name is taken).
        HasMetadata created = watchedKind
            ? client.resource(object).fieldManager(ctx.getControllerConfiguration().fieldManager()).serverSideApply()
            : client.resource(object).create();
        watched.recordWrite(env, created, true);
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        actual = read(object);
        if (actual == null) {
          throw e;
        }
      }
    }
    checkOwnership(actual, desired, env);
    if (!Labels.isManaged(actual.getMetadata().getLabels())) {
      return actual; // shared object installed by someone else (e.g. an existing Tekton): used as it is
    }
    if (desired.createOnly() || matches(actual, object, ctx)) {
      return actual;
    }
    LOG.debugf("applying %s for %s/%s", ObjectReadiness.describe(object), env.getMetadata().getNamespace(),
        env.getMetadata().getName());
    HasMetadata applied = client.resource(object).fieldManager(ctx.getControllerConfiguration().fieldManager())
        .forceConflicts().serverSideApply();
    watched.recordWrite(env, applied, false);
    return applied;
  }

  private HasMetadata prepare(DesiredObject desired, E2EEnvironment env, String componentLabel) {
    HasMetadata object = desired.object();
    ObjectMeta meta = object.getMetadata();
    Map<String, String> labels = new HashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    if (desired.ownership() == DesiredObject.Ownership.SHARED) {
      labels.putAll(Labels.shared(desired.sharedGroup()));
    } else {
      labels.putAll(Labels.owned(env, componentLabel));
    }
    meta.setLabels(labels);
    if (desired.ownership() == DesiredObject.Ownership.OWNED) {
      meta.setOwnerReferences(new ArrayList<>(List.of(ownerReference(env))));
    }
    return object;
  }

  static OwnerReference ownerReference(E2EEnvironment env) {
    return new OwnerReferenceBuilder()
        .withApiVersion(env.getApiVersion())
        .withKind(env.getKind())
        .withName(env.getMetadata().getName())
        .withUid(env.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  private void checkOwnership(HasMetadata actual, DesiredObject desired, E2EEnvironment env) {
    Map<String, String> labels = actual.getMetadata().getLabels();
    String what = ObjectReadiness.describe(actual);
    if (!Labels.isManaged(labels)) {
      if (desired.ownership() == DesiredObject.Ownership.SHARED) {
        return;
      }
      throw new OwnershipConflictException(what + " already exists and was not created by this environment; "
          + "delete or rename it, or remove this component");
    }
    if (desired.ownership() == DesiredObject.Ownership.SHARED) {
      if (!Objects.equals(labels.get(Labels.SHARED), desired.sharedGroup())) {
        throw new OwnershipConflictException(what + " belongs to environment " + labels.get(Labels.ENVIRONMENT_NAMESPACE)
            + "/" + labels.get(Labels.ENVIRONMENT) + ", not to the shared " + desired.sharedGroup() + " install");
      }
      return;
    }
    if (!Objects.equals(labels.get(Labels.ENVIRONMENT_UID), env.getMetadata().getUid())) {
      throw new OwnershipConflictException(what + " belongs to " + (labels.containsKey(Labels.SHARED)
          ? "the shared " + labels.get(Labels.SHARED) + " install"
          : "environment " + labels.get(Labels.ENVIRONMENT_NAMESPACE) + "/" + labels.get(Labels.ENVIRONMENT)
              + " (uid " + labels.get(Labels.ENVIRONMENT_UID) + ")")
          + "; environments never share or adopt each other's objects");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean matches(HasMetadata actual, HasMetadata desired, Context<E2EEnvironment> ctx) {
    try {
      return ((SSABasedGenericKubernetesResourceMatcher) SSABasedGenericKubernetesResourceMatcher.getInstance())
          .matches(actual, desired, ctx);
    } catch (RuntimeException e) {
      LOG.debugf(e, "matcher failed for %s; applying", ObjectReadiness.describe(desired));
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> java.util.Optional<T> cached(T object) {
    return watched.get((Class<T>) object.getClass(), object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  private HasMetadata read(HasMetadata object) {
    return client.resource(object).get();
  }

  /** Deletes what this component made for this environment earlier and no longer wants (e.g. an old Job). */
  void prune(E2EEnvironment env, String componentLabel, List<HasMetadata> keep) {
    java.util.Set<String> keepKeys = new java.util.HashSet<>();
    keep.forEach(o -> keepKeys.add(key(o)));
    ownedObjects(env)
        .filter(o -> componentLabel.equals(WatchedResources.labelOf(o, Labels.COMPONENT)))
        .filter(o -> !keepKeys.contains(key(o)))
        .forEach(this::delete);
  }

  /** Deletes what components no longer in the spec (or switched off) made for this environment. */
  int pruneComponentsOtherThan(E2EEnvironment env, java.util.Set<String> componentLabels) {
    var stale = ownedObjects(env)
        .filter(o -> !componentLabels.contains(WatchedResources.labelOf(o, Labels.COMPONENT))).toList();
    stale.forEach(this::delete);
    return stale.size();
  }

  private java.util.stream.Stream<HasMetadata> ownedObjects(E2EEnvironment env) {
    return java.util.stream.Stream.concat(watched.ownedBy(env), watched.configMapsOwnedBy(env))
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null);
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  /** Deletes an object we made and no longer want (background propagation: pods of a Job go too). */
  void delete(HasMetadata object) {
    try {
      client.resource(object).withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
