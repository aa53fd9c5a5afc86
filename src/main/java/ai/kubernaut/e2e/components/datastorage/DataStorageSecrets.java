package ai.kubernaut.e2e.components.datastorage;

import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.postgresql.PostgreSQLComponent;
import ai.kubernaut.e2e.readiness.Readiness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The secrets files DataStorage mounts, derived from PostgreSQL's credentials Secret. */
public final class DataStorageSecrets {
  private DataStorageSecrets() {}

  public static Secret desired(ComponentContext ctx, PostgreSQLSpec pg) {
    String source = PostgreSQLComponent.credentialsSecretName(ctx, pg);
    Secret credentials = ctx.get(Secret.class, ctx.namespace(), source).orElseThrow(() ->
        new Component.NotReadyException(Readiness.progressing("WaitingForSecret",
            "DataStorage waits for Secret " + ctx.namespace() + "/" + source + " with PostgreSQL's credentials")));
    Map<String, String> data = credentials.getData() == null ? Map.of() : credentials.getData();
    if (!data.containsKey("username") || !data.containsKey("password")) {
      throw new Component.NotReadyException(Readiness.failed("InvalidSecret",
          "Secret " + ctx.namespace() + "/" + source + " needs keys 'username' and 'password'"));
    }
    String user = decode(data.get("username"));
    String password = decode(data.get("password"));
    String db = "username: " + quote(user) + "\npassword: " + quote(password) + "\n";
    return new SecretBuilder()
        .withNewMetadata().withName(ctx.name("datastorage-secrets")).withNamespace(ctx.namespace()).endMetadata()
        .withType("Opaque")
        .withData(Map.of("db-secrets.yaml", encode(db), "redis-secrets.yaml", encode("password: \"\"\n")))
        .build();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
