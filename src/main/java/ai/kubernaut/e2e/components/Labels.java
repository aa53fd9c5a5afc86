package ai.kubernaut.e2e.components;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels that mark what the operator created and for which environment; informers select on MANAGED_BY. */
public final class Labels {
  private Labels() {}

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "e2e-environment-operator";
  public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;
  public static final String ENVIRONMENT = "e2e.kubernaut.ai/environment";
  public static final String ENVIRONMENT_NAMESPACE = "e2e.kubernaut.ai/environment-namespace";
  public static final String ENVIRONMENT_UID = "e2e.kubernaut.ai/environment-uid";
  public static final String COMPONENT = "e2e.kubernaut.ai/component";
  /** Objects shared by every environment of the cluster (Tekton, cluster-scoped CRDs); value = sharing group. */
  public static final String SHARED = "e2e.kubernaut.ai/shared";
  /** Fingerprint of migration inputs on the migrations Job. */
  public static final String INPUT_HASH = "e2e.kubernaut.ai/input-hash";

  public static Map<String, String> owned(E2EEnvironment env, String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(ENVIRONMENT, env.getMetadata().getName());
    labels.put(ENVIRONMENT_NAMESPACE, env.getMetadata().getNamespace());
    labels.put(ENVIRONMENT_UID, env.getMetadata().getUid());
    labels.put(COMPONENT, component);
    return labels;
  }

  public static Map<String, String> shared(String group) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(SHARED, group);
    labels.put(COMPONENT, group);
    return labels;
  }

  /** The labels that select one component's pods (stable across spec changes). */
  public static Map<String, String> podSelector(E2EEnvironment env, String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(ENVIRONMENT_UID, env.getMetadata().getUid());
    labels.put(COMPONENT, component);
    return labels;
  }

  public static boolean isManaged(Map<String, String> labels) {
    return labels != null && OPERATOR.equals(labels.get(MANAGED_BY));
  }
}
