package ai.kubernaut.e2e.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a plain JUnit 5 test class against the local control plane ({@link LocalCluster}).
 *
 * <ul>
 *   <li>fields and parameters of type {@link io.fabric8.kubernetes.client.KubernetesClient} receive a client of the
 *       cluster (one per test class, closed after it); {@link LocalCluster} can be injected too;</li>
 *   <li>every test method gets its own freshly created namespace ({@code <class>-<method>-<random>}), injected into
 *       {@code String} fields or parameters annotated with {@link TestNamespace} and deleted after the test
 *       without waiting (keep them for debugging with E2E_KEEP_NAMESPACES=1).</li>
 * </ul>
 * Tagged {@code cluster}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("cluster")
@ExtendWith(LocalClusterExtension.class)
public @interface WithLocalCluster {
}
