package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;

/**
 * The environment: which components it has and how they are configured. A component is included when its section is
 * present (and not enabled: false), so the minimal environment is a few lines. The CEL rules below reject, at
 * admission, a component whose prerequisites are missing and a dependsOn that names an unknown, absent or disabled
 * component. What CEL cannot see (a cycle among manifest sets, a dependency on a disabled set) is the operator's:
 * Ready=False, reason InvalidSpec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(" + E2EEnvironmentSpec.ON_MIGRATIONS + ") || (" + E2EEnvironmentSpec.ON_POSTGRESQL + ")",
    message = "migrations needs postgresql: add spec.postgresql or disable migrations")
@ValidationRule(value = "!(" + E2EEnvironmentSpec.ON_DATASTORAGE + ") || ((" + E2EEnvironmentSpec.ON_POSTGRESQL
    + ") && (" + E2EEnvironmentSpec.ON_REDIS + "))",
    message = "dataStorage needs postgresql and redis: add spec.postgresql and spec.redis or disable dataStorage")
@ValidationRule(value = "!(" + E2EEnvironmentSpec.ON_WORKFLOWEXECUTION + ") || ((" + E2EEnvironmentSpec.ON_TEKTON
    + ") && (" + E2EEnvironmentSpec.ON_DATASTORAGE + "))",
    message = "workflowExecution needs tekton and dataStorage: add them or disable workflowExecution")
@ValidationRule(value = "!has(self.manifests) || self.manifests.all(m, self.manifests.exists_one(n, n.name == m.name))",
    message = "manifest set names must be unique")
@ValidationRule(value = "!has(self.manifests) || self.manifests.all(m, !(m.name in " + E2EEnvironmentSpec.BUILT_IN
    + "))", message = "a manifest set cannot be named like a built-in component (tekton, postgresql, redis, "
        + "migrations, dataStorage, workflowExecution)")
@ValidationRule(value = "!has(self.manifests) || self.manifests.all(m, !has(m.dependsOn) || m.dependsOn.all(d, "
    + E2EEnvironmentSpec.KNOWN + "))",
    message = "manifests[].dependsOn must name a component (tekton, postgresql, redis, migrations, dataStorage, "
        + "workflowExecution) or another manifest set")
@ValidationRule(value = "(" + E2EEnvironmentSpec.ON_TEKTON + ") || " + E2EEnvironmentSpec.NO_SET_DEPENDS_ON
    + "'tekton'" + E2EEnvironmentSpec.NO_SET_DEPENDS_ON_END, message = "a manifest set depends on tekton, which this "
    + "environment does not have or has disabled: add spec.tekton or remove tekton from dependsOn")
@ValidationRule(value = "(" + E2EEnvironmentSpec.ON_POSTGRESQL + ") || " + E2EEnvironmentSpec.NO_SET_DEPENDS_ON
    + "'postgresql'" + E2EEnvironmentSpec.NO_SET_DEPENDS_ON_END, message = "a manifest set depends on postgresql, which this "
    + "environment does not have or has disabled: add spec.postgresql or remove postgresql from dependsOn")
@ValidationRule(value = "(" + E2EEnvironmentSpec.ON_REDIS + ") || " + E2EEnvironmentSpec.NO_SET_DEPENDS_ON
    + "'redis'" + E2EEnvironmentSpec.NO_SET_DEPENDS_ON_END, message = "a manifest set depends on redis, which this "
    + "environment does not have or has disabled: add spec.redis or remove redis from dependsOn")
@ValidationRule(value = "(" + E2EEnvironmentSpec.ON_MIGRATIONS + ") || " + E2EEnvironmentSpec.NO_SET_DEPENDS_ON
    + "'migrations'" + E2EEnvironmentSpec.NO_SET_DEPENDS_ON_END, message = "a manifest set depends on migrations, which this "
    + "environment does not have or has disabled: add spec.migrations or remove migrations from dependsOn")
@ValidationRule(value = "(" + E2EEnvironmentSpec.ON_DATASTORAGE + ") || " + E2EEnvironmentSpec.NO_SET_DEPENDS_ON
    + "'dataStorage'" + E2EEnvironmentSpec.NO_SET_DEPENDS_ON_END, message = "a manifest set depends on dataStorage, which this "
    + "environment does not have or has disabled: add spec.dataStorage or remove dataStorage from dependsOn")
@ValidationRule(value = "(" + E2EEnvironmentSpec.ON_WORKFLOWEXECUTION + ") || " + E2EEnvironmentSpec.NO_SET_DEPENDS_ON
    + "'workflowExecution'" + E2EEnvironmentSpec.NO_SET_DEPENDS_ON_END, message = "a manifest set depends on workflowExecution, which this "
    + "environment does not have or has disabled: add spec.workflowExecution or remove workflowExecution from dependsOn")
public class E2EEnvironmentSpec {
  static final String BUILT_IN =
      "['tekton', 'postgresql', 'redis', 'migrations', 'dataStorage', 'workflowExecution']";
  static final String ON_TEKTON = "has(self.tekton) && (!has(self.tekton.enabled) || self.tekton.enabled)";
  static final String ON_POSTGRESQL =
      "has(self.postgresql) && (!has(self.postgresql.enabled) || self.postgresql.enabled)";
  static final String ON_REDIS = "has(self.redis) && (!has(self.redis.enabled) || self.redis.enabled)";
  static final String ON_MIGRATIONS =
      "has(self.migrations) && (!has(self.migrations.enabled) || self.migrations.enabled)";
  static final String ON_DATASTORAGE =
      "has(self.dataStorage) && (!has(self.dataStorage.enabled) || self.dataStorage.enabled)";
  static final String ON_WORKFLOWEXECUTION = "has(self.workflowExecution) "
      + "&& (!has(self.workflowExecution.enabled) || self.workflowExecution.enabled)";
  /** A dependsOn entry d names a built-in component or a manifest set of this spec. */
  static final String KNOWN = "d in " + BUILT_IN + " || self.manifests.exists(n, n.name == d)";
  /** "No enabled manifest set depends on X" is NO_SET_DEPENDS_ON + "'X'" + NO_SET_DEPENDS_ON_END. */
  static final String NO_SET_DEPENDS_ON = "!has(self.manifests) || !self.manifests.exists(m, has(m.dependsOn) "
      + "&& (!has(m.enabled) || m.enabled) && ";
  static final String NO_SET_DEPENDS_ON_END = " in m.dependsOn)";

  @JsonPropertyDescription("Secrets used to pull every component's images.")
  @Size(max = 16)
  public List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("Delete the environment this long after it was created (e.g. 2h), so CI leaks expire.")
  @Size(max = 32)
  @ValidationRule(value = Patterns.TTL_RULE, message = Patterns.TTL_MESSAGE)
  public String timeToLive;

  @JsonPropertyDescription("Stop reconciling without deleting anything.")
  public Boolean suspend;

  public TektonSpec tekton;
  public PostgreSQLSpec postgresql;
  public RedisSpec redis;
  public MigrationsSpec migrations;
  public DataStorageSpec dataStorage;
  public WorkflowExecutionSpec workflowExecution;

  @JsonPropertyDescription("Generic components: any objects, with dependsOn and readiness.")
  @Size(max = 32)
  public List<ManifestSetSpec> manifests;

  public boolean suspendRequested() {
    return suspend != null && suspend;
  }
}
