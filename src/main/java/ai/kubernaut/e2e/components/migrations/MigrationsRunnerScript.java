package ai.kubernaut.e2e.components.migrations;

import ai.kubernaut.e2e.components.ComponentContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The goose-compatible runner (src/main/resources/migrations/goose-up.sh), mounted into the Job. */
public final class MigrationsRunnerScript {
  static final String KEY = "goose-up.sh";
  private static final String SCRIPT = load();

  private MigrationsRunnerScript() {}

  public static String name(ComponentContext ctx) {
    return ctx.name("migrations-runner");
  }

  public static ConfigMap desired(ComponentContext ctx) {
    return new ConfigMapBuilder()
        .withNewMetadata().withName(name(ctx)).withNamespace(ctx.namespace()).endMetadata()
        .withData(Map.of(KEY, SCRIPT))
        .build();
  }

  private static String load() {
    try (InputStream in = MigrationsRunnerScript.class.getResourceAsStream("/migrations/goose-up.sh")) {
      if (in == null) {
        throw new IllegalStateException("migrations/goose-up.sh missing from the operator's resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
