package ai.kubernaut.e2e.components.datastorage;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentSpec;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.postgresql.PostgreSQLComponent;
import ai.kubernaut.e2e.components.redis.RedisComponent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/** config.yaml as DataStorage reads it from CONFIG_PATH; credentials live in the mounted secrets files. */
public final class DataStorageConfig {
  static final String MOUNT = "/etc/datastorage";

  private DataStorageConfig() {}

  public static ConfigMap desired(ComponentContext ctx, E2EEnvironmentSpec env) {
    String pgUser = env.postgresql.user != null ? env.postgresql.user : PostgreSQLComponent.DEFAULT_USER;
    String yaml = """
        server:
          port: %d
          host: "0.0.0.0"
          read_timeout: 30s
          write_timeout: 30s
        logging:
          level: %s
          format: json
        database:
          host: %s.%s.svc.cluster.local
          port: %d
          name: %s
          user: %s
          ssl_mode: disable
          max_open_conns: 25
          max_idle_conns: 5
          conn_max_lifetime: 5m
          conn_max_idle_time: 10m
          secretsFile: %s/secrets/db-secrets.yaml
          usernameKey: username
          passwordKey: password
        redis:
          addr: %s
          db: 0
          dlq_stream_name: dlq-stream
          dlq_max_len: 1000
          dlq_consumer_group: dlq-group
          secretsFile: %s/secrets/redis-secrets.yaml
          passwordKey: password
        """.formatted(DataStorageComponent.PORT,
        env.dataStorage.logLevel != null ? env.dataStorage.logLevel : "info",
        PostgreSQLComponent.serviceName(ctx), ctx.namespace(), PostgreSQLComponent.PORT,
        PostgreSQLComponent.database(env.postgresql), pgUser, MOUNT, RedisComponent.address(ctx), MOUNT);
    return new ConfigMapBuilder()
        .withNewMetadata().withName(ctx.name("datastorage-config")).withNamespace(ctx.namespace()).endMetadata()
        .withData(Map.of("config.yaml", yaml))
        .build();
  }
}
