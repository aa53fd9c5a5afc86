package ai.kubernaut.e2e.components;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object a component wants, and who owns it. OWNED objects live in the environment's namespace and are
 * garbage-collected through their owner reference; LABELED ones (cluster-scoped or in another namespace) carry the
 * environment's uid and are deleted by its finalizer; SHARED ones belong to every environment of the cluster that
 * uses the group and go when the last of them does. createOnly objects (generated credentials) are never updated.
 */
public record DesiredObject(HasMetadata object, Ownership ownership, String sharedGroup, boolean createOnly) {
  public enum Ownership { OWNED, LABELED, SHARED }

  public static DesiredObject owned(HasMetadata object) {
    return new DesiredObject(object, Ownership.OWNED, null, false);
  }

  public static DesiredObject ownedCreateOnly(HasMetadata object) {
    return new DesiredObject(object, Ownership.OWNED, null, true);
  }

  public static DesiredObject labeled(HasMetadata object) {
    return new DesiredObject(object, Ownership.LABELED, null, false);
  }

  public static DesiredObject shared(HasMetadata object, String group) {
    return new DesiredObject(object, Ownership.SHARED, group, false);
  }
}
