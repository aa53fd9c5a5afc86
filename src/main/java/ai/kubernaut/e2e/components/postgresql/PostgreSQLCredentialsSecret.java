package ai.kubernaut.e2e.components.postgresql;

import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** Generated once (create-only) so the password never changes under a running database. */
public final class PostgreSQLCredentialsSecret {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private PostgreSQLCredentialsSecret() {}

  public static Secret desired(ComponentContext ctx, PostgreSQLSpec spec) {
    String user = spec.user != null ? spec.user : PostgreSQLComponent.DEFAULT_USER;
    return new SecretBuilder()
        .withNewMetadata().withName(PostgreSQLComponent.credentialsSecretName(ctx, spec))
        .withNamespace(ctx.namespace()).endMetadata()
        .withType("Opaque")
        .withData(Map.of("username", b64(user), "password", b64(password())))
        .build();
  }

  static String password() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
