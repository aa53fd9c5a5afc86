package ai.kubernaut.e2e.api.v1alpha1;

/** Shared validation patterns for the CRD schema. */
public final class Patterns {
  private Patterns() {}

  /** Go-style duration as kubectl users write it: 90s, 5m, 1h30m (no backslashes: it is also a CEL literal). */
  public static final String DURATION = "^([0-9]{1,6}([.][0-9]{1,3})?(ms|s|m|h))+$";

  /**
   * Container image reference: [registry[:port]/]repository[:tag][@sha256:digest]. The repository is lower case;
   * only a registry (a first component followed by '/') may have upper case, as in Docker's reference grammar.
   */
  public static final String IMAGE =
      "^([a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]{1,5})?/)?[a-z0-9]+([._-]+[a-z0-9]+)*"
          + "(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

  /** The image rule as CEL, so that the API server's message says what an image looks like instead of a regex. */
  public static final String IMAGE_RULE = "self.matches('" + IMAGE + "')";
  public static final String IMAGE_MESSAGE = "must be an image reference [registry[:port]/]repository[:tag]"
      + "[@sha256:digest] with a lower-case repository and no spaces, e.g. localhost/kubernaut-datastorage:e2e";

  /** RFC 1123 DNS label, as used for names of Kubernetes objects and namespaces. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /**
   * Readiness timeout bounds, checked by CEL at admission. The format check comes first: CEL's duration() of a
   * malformed string is an evaluation error, whose message would be about type conversion, not about the field.
   */
  public static final String TIMEOUT_RULE = "self.matches('" + DURATION + "') "
      + "&& duration(self) >= duration('1s') && duration(self) <= duration('24h')";
  public static final String TIMEOUT_MESSAGE =
      "must be a duration between 1s and 24h, written like 90s, 10m or 1h30m";

  /** timeToLive bounds (same format as the timeouts). */
  public static final String TTL_RULE = "self.matches('" + DURATION + "') "
      + "&& duration(self) >= duration('10s') && duration(self) <= duration('168h')";
  public static final String TTL_MESSAGE = "must be a duration between 10s and 168h, written like 30m, 2h or 1h30m";

  /**
   * Resource quantities must parse and must not be negative; otherwise the API server would reject the component's
   * Deployment only after the components it depends on were created. Only the keys a test environment uses are
   * checked: CEL over every key of these unbounded maps is over the API server's cost budget.
   */
  private static final String RESOURCE_KEYS = "['cpu', 'memory', 'ephemeral-storage']";
  public static final String RESOURCES_RULE = "(!has(self.limits) || " + RESOURCE_KEYS + ".all(k, !(k in self.limits) "
      + "|| (isQuantity(string(self.limits[k])) && !quantity(string(self.limits[k])).isLessThan(quantity('0'))))) "
      + "&& (!has(self.requests) || " + RESOURCE_KEYS + ".all(k, !(k in self.requests) "
      + "|| (isQuantity(string(self.requests[k])) && !quantity(string(self.requests[k])).isLessThan(quantity('0')))))";
  public static final String RESOURCES_MESSAGE = "resources.limits and resources.requests of cpu, memory and "
      + "ephemeral-storage must be non-negative quantities such as 500m, 2 or 256Mi";
}
