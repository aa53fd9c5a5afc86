package ai.kubernaut.e2e.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the local control plane:
 * {@code @QuarkusTestResource(value = LocalClusterResource.class, restrictToAnnotatedClass = true)}.
 *
 * <p>{@link LocalCluster#get()} sets the system property {@code kubeconfig}; the Quarkus Kubernetes client builds its
 * configuration with fabric8's {@code Config.autoConfigure(null)}, which reads that property, so the application's
 * client (and the operator SDK's) use the local cluster. Dev Services for Kubernetes are switched off (no container
 * engine here). The cluster is shared by the whole JVM and is not stopped by {@link #stop()}.
 */
public class LocalClusterResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalCluster cluster = LocalCluster.get();
        return Map.of(
                "quarkus.kubernetes-client.devservices.enabled", "false",
                // Handy for tests that need the file (e.g. to hand it to a subprocess).
                "e2e.kubeconfig", cluster.kubeconfigPath().toString());
    }

    @Override
    public void stop() {
        // The cluster outlives the application: other test classes of this JVM use it too.
    }
}
