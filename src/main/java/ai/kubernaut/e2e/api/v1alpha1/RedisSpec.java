package ai.kubernaut.e2e.api.v1alpha1;

public class RedisSpec extends ComponentSpec {}
