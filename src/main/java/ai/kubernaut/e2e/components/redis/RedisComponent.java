package ai.kubernaut.e2e.components.redis;

import ai.kubernaut.e2e.api.v1alpha1.RedisSpec;
import ai.kubernaut.e2e.components.BuiltInComponent;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import java.time.Duration;
import java.util.List;

/** Redis for DataStorage's dead-letter queue: Deployment and Service, no password. */
public class RedisComponent extends BuiltInComponent {
  public static final String ID = "redis";
  public static final String DEFAULT_IMAGE = "redis:7-alpine";
  public static final int PORT = 6379;

  private final RedisSpec spec;

  public RedisComponent(RedisSpec spec) {
    super(ID, "Redis", "RedisReady", spec, Duration.ofMinutes(10));
    this.spec = spec;
  }

  @Override
  public List<List<DesiredObject>> desired(ComponentContext ctx) {
    return List.of(List.of(
        DesiredObject.owned(RedisDeployment.desired(ctx, spec)),
        DesiredObject.owned(RedisService.desired(ctx))));
  }

  public static String address(ComponentContext ctx) {
    return ctx.name("redis") + "." + ctx.namespace() + ".svc.cluster.local:" + PORT;
  }
}
