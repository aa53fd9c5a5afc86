package ai.kubernaut.e2e.testing;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig that authenticates as a ServiceAccount with a bound token, as a pod of that ServiceAccount would: the
 * operator then has exactly the permissions RBAC gives that account.
 */
public final class ServiceAccountKubeconfig {
  private ServiceAccountKubeconfig() {}

  /** Writes the kubeconfig for {@code namespace/name} (which must exist) to {@code file}; returns {@code file}. */
  public static Path write(KubernetesClient client, String namespace, String name, Path file) {
    String token = client.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(24 * 3600L).endSpec().build())
        .getStatus().getToken();
    Config c = client.getConfiguration();
    String ca = c.getCaCertData();
    try {
      if (ca == null && c.getCaCertFile() != null) {
        ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(c.getCaCertFile())));
      }
      String yaml = """
          apiVersion: v1
          kind: Config
          clusters:
          - name: cluster
            cluster:
              server: %s
              certificate-authority-data: %s
          users:
          - name: %s
            user:
              token: %s
          contexts:
          - name: sa
            context: {cluster: cluster, user: %s}
          current-context: sa
          """.formatted(c.getMasterUrl().replaceAll("/+$", ""), ca, name, token, name);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
