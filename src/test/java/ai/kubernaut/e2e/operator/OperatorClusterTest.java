package ai.kubernaut.e2e.operator;

import ai.kubernaut.e2e.testing.TestNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the in-process operator's cluster tests (@QuarkusTest): a client of the local control plane per test, and
 * namespaces of the test's own, deleted after it, so that tests never see each other's objects.
 */
abstract class OperatorClusterTest {
  KubernetesClient client;
  /** The test's namespace: the first one {@link #namespace(String)} made. */
  String ns;
  private final List<String> namespaces = new ArrayList<>();

  @BeforeEach
  void openClient() {
    client = OperatorTestSupport.client();
  }

  @AfterEach
  void deleteNamespacesAndCloseClient() {
    namespaces.forEach(n -> TestNamespaces.delete(client, n));
    client.close();
  }

  /** A new namespace named after the prefix, deleted after the test. */
  String namespace(String prefix) {
    String created = OperatorTestSupport.namespace(client, prefix);
    deleteAfterwards(created);
    if (ns == null) {
      ns = created;
    }
    return created;
  }

  /** A namespace the test made itself (e.g. one with a fixed name), deleted after the test. */
  void deleteAfterwards(String namespace) {
    namespaces.add(namespace);
  }
}
