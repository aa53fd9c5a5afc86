package ai.kubernaut.e2e.components.redis;

import ai.kubernaut.e2e.api.v1alpha1.RedisSpec;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.status.Durations;
import java.time.Duration;
import java.util.List;

/** Redis for DataStorage's dead-letter queue: Deployment and Service, no password. */
public class RedisComponent implements Component {
  public static final String ID = "redis";
  public static final String DEFAULT_IMAGE = "redis:7-alpine";
  public static final int PORT = 6379;

  private final RedisSpec spec;

  public RedisComponent(RedisSpec spec) {
    this.spec = spec;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Redis";
  }

  @Override
  public String conditionType() {
    return "RedisReady";
  }

  @Override
  public List<String> dependsOn() {
    return List.of();
  }

  @Override
  public Duration readinessTimeout() {
    return Durations.parseOr(spec.readinessTimeout, Duration.ofMinutes(10));
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
