package ai.kubernaut.e2e.testing;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import org.awaitility.Awaitility;

/**
 * Throw-away namespaces for tests: a fresh, uniquely named namespace per test, deleted afterwards without waiting.
 * Usable from plain JUnit tests (see {@link WithLocalCluster}) and from Quarkus tests alike.
 */
public final class TestNamespaces {

    /** Label on every namespace created here (handy to clean up leftovers: kubectl delete ns -l ...). */
    public static final String LABEL = "e2e.kubernaut.ai/test-namespace";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 6;
    private static final int MAX_NAME = 63;

    private TestNamespaces() {
    }

    /**
     * Creates namespace {@code <prefix>-<random>} (the prefix is lower-cased and reduced to a valid DNS label) and
     * waits until its default ServiceAccount exists, so pods can be created in it right away.
     *
     * @return the namespace name
     */
    public static String create(KubernetesClient client, String prefix) {
        String name = sanitize(prefix) + "-" + randomSuffix();
        client.namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName(name).addToLabels(LABEL, "true").endMetadata()
                .build()).create();
        Awaitility.await("default ServiceAccount of namespace " + name)
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
        return name;
    }

    /** Starts deleting the namespace (and everything in it) and returns at once; a missing namespace is fine. */
    public static void delete(KubernetesClient client, String name) {
        try {
            client.namespaces().withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    static String sanitize(String prefix) {
        String s = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        s = s.replaceAll("-{2,}", "-").replaceAll("^-+", "");
        int max = MAX_NAME - SUFFIX_LENGTH - 1;
        if (s.length() > max) {
            s = s.substring(0, max);
        }
        s = s.replaceAll("-+$", "");
        return s.isEmpty() ? "test" : s;
    }

    private static String randomSuffix() {
        StringBuilder sb = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
