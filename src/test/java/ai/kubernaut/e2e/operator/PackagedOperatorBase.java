package ai.kubernaut.e2e.operator;

import ai.kubernaut.e2e.testing.OperatorProcess;
import ai.kubernaut.e2e.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the *IT tests, which run the packaged operator as a process of its own ({@link OperatorProcess}) against
 * the local control plane (the subclass carries {@code @WithLocalCluster}): the CRD installed once, a client and a
 * namespace per test, and the operator stopped after each test.
 */
abstract class PackagedOperatorBase {
  KubernetesClient client;
  @TestNamespace
  String ns;
  OperatorProcess operator;

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    OperatorProcess.installCrd(client);
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }
}
