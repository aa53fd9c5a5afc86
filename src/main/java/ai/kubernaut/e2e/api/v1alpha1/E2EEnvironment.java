package ai.kubernaut.e2e.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One end-to-end test environment: a set of components brought up in dependency order. */
@Group(E2EEnvironment.GROUP)
@Version(E2EEnvironment.VERSION)
@Plural("e2eenvironments")
@ShortNames("e2eenv")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Time-To-Ready", jsonPath = ".status.timeToReady",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "self.metadata.name.size() <= 40",
    message = "metadata.name must be at most 40 characters: it prefixes the names of the environment's objects")
public class E2EEnvironment extends CustomResource<E2EEnvironmentSpec, E2EEnvironmentStatus>
    implements Namespaced {
  public static final String GROUP = "e2e.kubernaut.ai";
  public static final String VERSION = "v1alpha1";

  @Override
  protected E2EEnvironmentSpec initSpec() {
    return new E2EEnvironmentSpec();
  }
}
