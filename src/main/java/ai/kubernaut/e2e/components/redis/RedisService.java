package ai.kubernaut.e2e.components.redis;

import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Workloads;
import io.fabric8.kubernetes.api.model.Service;

public final class RedisService {
  private RedisService() {}

  public static Service desired(ComponentContext ctx) {
    return Workloads.service(ctx, RedisComponent.ID, ctx.name("redis"), "redis", RedisComponent.PORT);
  }
}
