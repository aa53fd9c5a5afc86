package ai.kubernaut.e2e.components.postgresql;

import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/** Run by the image's entrypoint on first start: the app user gets everything in schema public. */
public final class PostgreSQLInitScript {
  private PostgreSQLInitScript() {}

  public static String name(ComponentContext ctx) {
    return ctx.name("postgresql-init");
  }

  public static ConfigMap desired(ComponentContext ctx, PostgreSQLSpec spec) {
    String db = PostgreSQLComponent.database(spec);
    String sql = """
        -- Executed once by docker-entrypoint-initdb.d as the superuser ($POSTGRES_USER).
        GRANT ALL PRIVILEGES ON DATABASE "%1$s" TO CURRENT_USER;
        GRANT ALL ON SCHEMA public TO CURRENT_USER;
        GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO CURRENT_USER;
        GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public TO CURRENT_USER;
        GRANT ALL PRIVILEGES ON ALL FUNCTIONS IN SCHEMA public TO CURRENT_USER;
        """.formatted(db);
    return new ConfigMapBuilder()
        .withNewMetadata().withName(name(ctx)).withNamespace(ctx.namespace()).endMetadata()
        .withData(Map.of("00-grants.sql", sql))
        .build();
  }
}
