package ai.kubernaut.e2e.components.postgresql;

import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Workloads;
import io.fabric8.kubernetes.api.model.Service;

public final class PostgreSQLService {
  private PostgreSQLService() {}

  public static Service desired(ComponentContext ctx) {
    return Workloads.service(ctx, PostgreSQLComponent.ID, PostgreSQLComponent.serviceName(ctx), "postgresql",
        PostgreSQLComponent.PORT);
  }
}
