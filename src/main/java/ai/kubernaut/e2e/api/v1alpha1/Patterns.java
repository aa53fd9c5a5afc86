package ai.kubernaut.e2e.api.v1alpha1;

/** Shared validation patterns for the CRD schema. */
public final class Patterns {
  private Patterns() {}

  /** Go-style duration as kubectl users write it: 90s, 5m, 1h30m. */
  public static final String DURATION = "^([0-9]{1,6}(\\.[0-9]{1,3})?(ms|s|m|h))+$";

  /** Container image reference: [registry[:port]/]path[:tag][@sha256:digest], lower-case path. */
  public static final String IMAGE =
      "^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

  /** RFC 1123 DNS label, as used for names of Kubernetes objects and namespaces. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** Readiness timeout bounds, checked by CEL at admission. */
  public static final String TIMEOUT_RULE =
      "duration(self) >= duration('1s') && duration(self) <= duration('24h')";
  public static final String TIMEOUT_MESSAGE = "must be a duration between 1s and 24h, e.g. 10m";
}
