package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.components.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How long one lone object takes on this control plane from the create call to ready by ObjectReadiness, for each
 * distinct (kind, delay) the environment contains: the building blocks of the ideal time. A lone Deployment with
 * kwok delay d includes the deployment and ReplicaSet controllers, the scheduler, kwok and the status round trips;
 * the ideal therefore charges the environment exactly what the cluster needs, and nothing for any orchestrator.
 */
final class Calibration {

  /** What is measured: a kind and the kwok delays on its pods. */
  record Item(String kind, long readyDelayMs, long completeDelayMs) {
    @Override
    public String toString() {
      return switch (kind) {
        case "Deployment" -> "Deployment, pod ready after " + readyDelayMs + " ms";
        case "Job" -> "Job, pod completes " + completeDelayMs + " ms after running";
        default -> kind;
      };
    }

    static Item of(HasMetadata o) {
      if (o instanceof Deployment d) {
        return new Item("Deployment", delay(d.getSpec().getTemplate(), DelayProfile.POD_READY_DELAY), 0);
      }
      if (o instanceof StatefulSet s) {
        return new Item("Deployment", delay(s.getSpec().getTemplate(), DelayProfile.POD_READY_DELAY), 0);
      }
      if (o instanceof Job j) {
        return new Item("Job", delay(j.getSpec().getTemplate(), DelayProfile.POD_READY_DELAY),
            delay(j.getSpec().getTemplate(), DelayProfile.POD_COMPLETE_DELAY));
      }
      if (o instanceof CustomResourceDefinition) {
        return new Item("CustomResourceDefinition", 0, 0);
      }
      return null;
    }

    private static long delay(PodTemplateSpec t, String annotation) {
      if (t == null || t.getMetadata() == null || t.getMetadata().getAnnotations() == null) {
        return 0;
      }
      return DelayProfile.parseMs(t.getMetadata().getAnnotations().get(annotation));
    }
  }

  private final Map<Item, List<Double>> samples = new LinkedHashMap<>();

  Stats stats(Item item) {
    return Stats.of(samples.getOrDefault(item, List.of()));
  }

  /** Median ms of the item (0 for objects without a readiness rule). */
  double ms(Item item) {
    if (item == null) {
      return 0;
    }
    Stats s = stats(item);
    if (s.n() == 0) {
      throw new IllegalStateException("not calibrated: " + item);
    }
    return Stats.median(samples.get(item));
  }

  Map<Item, List<Double>> samples() {
    return samples;
  }

  /** Rounds of: every item once, created together, each timed from its own create call to ready; then deleted. */
  static Calibration run(KubernetesClient client, ClusterObserver observer, String namespace, Set<Item> items,
      int rounds, Duration timeout, Consumer<String> log) {
    Calibration cal = new Calibration();
    for (int r = 0; r < rounds; r++) {
      Map<Item, HasMetadata> objects = new LinkedHashMap<>();
      int i = 0;
      for (Item item : items) {
        objects.put(item, lone(item, "calib-" + r + "-" + i++, namespace));
      }
      Map<Item, Double> createdAt = new LinkedHashMap<>();
      Map<Item, ObjKey> keys = new LinkedHashMap<>();
      for (var e : objects.entrySet()) {
        createdAt.put(e.getKey(), BenchClock.nowMs());
        client.resource(e.getValue()).create();
        keys.put(e.getKey(), ObjKey.of(e.getValue()));
      }
      observer.await("calibration round " + (r + 1), timeout, () -> observer.allReady(keys.values()),
          () -> observer.notReady(keys.values()));
      List<String> line = new ArrayList<>();
      for (Item item : items) {
        double ms = observer.state(keys.get(item)).readyMs - createdAt.get(item);
        cal.samples.computeIfAbsent(item, k -> new ArrayList<>()).add(ms);
        line.add(item.kind() + (item.readyDelayMs() + item.completeDelayMs() > 0 ? "(" + (item.readyDelayMs()
            + item.completeDelayMs()) + "ms)" : "") + "=" + Math.round(ms) + "ms");
      }
      log.accept("calibration round " + (r + 1) + "/" + rounds + ": " + String.join(", ", line));
      objects.values().forEach(o -> client.resource(o).withGracePeriod(0).delete());
      observer.await("calibration objects deleted", timeout, () -> observer.allGone(keys.values()),
          () -> observer.present(keys.values()));
    }
    return cal;
  }

  private static HasMetadata lone(Item item, String name, String namespace) {
    Map<String, String> labels = Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Benchmark.BENCH_LABEL, "calibration");
    Map<String, String> annotations = new LinkedHashMap<>();
    if (item.readyDelayMs() > 0) {
      annotations.put(DelayProfile.POD_READY_DELAY, DelayProfile.goDuration(item.readyDelayMs()));
    }
    if (item.completeDelayMs() > 0) {
      annotations.put(DelayProfile.POD_COMPLETE_DELAY, DelayProfile.goDuration(item.completeDelayMs()));
    }
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(Map.of("app", name)).withAnnotations(annotations).endMetadata()
        .withNewSpec()
        .addNewContainer().withName("main").withImage("registry.invalid/bench/idle:1").endContainer()
        .withRestartPolicy(item.kind().equals("Job") ? "Never" : "Always")
        .endSpec().build();
    return switch (item.kind()) {
      case "Deployment" -> new DeploymentBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
          .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
          .withTemplate(template).endSpec().build();
      case "Job" -> new JobBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
          .withNewSpec().withBackoffLimit(0).withTemplate(template).endSpec().build();
      case "CustomResourceDefinition" -> {
        String plural = name.replace("-", "") + "s";
        yield new CustomResourceDefinitionBuilder()
            .withNewMetadata().withName(plural + ".bench.e2e.kubernaut.ai").withLabels(labels).endMetadata()
            .withNewSpec().withGroup("bench.e2e.kubernaut.ai").withScope("Namespaced")
            .withNewNames().withKind("Calib" + name.replace("-", "")).withPlural(plural).endNames()
            .addNewVersion().withName("v1").withServed(true).withStorage(true)
            .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema().endSchema().endVersion()
            .endSpec().build();
      }
      default -> throw new IllegalArgumentException(item.kind());
    };
  }

  static Set<Item> itemsOf(EnvironmentPlan plan) {
    Set<Item> items = new LinkedHashSet<>();
    plan.byId().values().forEach(c -> c.phases().forEach(p -> p.forEach(o -> {
      Item item = Item.of(o);
      if (item != null) {
        items.add(item);
      }
    })));
    return items;
  }

  /** Per component: each phase costs its slowest object's calibrated time; phases add up. */
  Map<String, Double> componentMs(EnvironmentPlan plan) {
    Map<String, Double> result = new LinkedHashMap<>();
    plan.byId().values().forEach(c -> {
      double total = 0;
      for (var phase : c.phases()) {
        total += phase.stream().mapToDouble(o -> ms(Item.of(o))).max().orElse(0);
      }
      result.put(c.id(), total);
    });
    return result;
  }
}
