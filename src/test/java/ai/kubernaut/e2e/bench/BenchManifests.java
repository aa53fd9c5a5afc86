package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.api.v1alpha1.DataStorageSpec;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentSpec;
import ai.kubernaut.e2e.api.v1alpha1.ManifestSource;
import ai.kubernaut.e2e.api.v1alpha1.MigrationsSpec;
import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.api.v1alpha1.RedisSpec;
import ai.kubernaut.e2e.api.v1alpha1.TektonSpec;
import ai.kubernaut.e2e.api.v1alpha1.WorkflowExecutionSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's environment: the WorkflowExecution E2E environment of samples/workflowexecution-e2e.yaml (Tekton
 * from the sample's offline release manifest, PostgreSQL, Redis, the sample's migrations, DataStorage,
 * WorkflowExecution) with the delay profile put on every pod: through spec.*.podAnnotations for the operator's own
 * workloads, and into the Deployment pod templates of the benchmark's generated copy of the Tekton manifest.
 */
final class BenchManifests {
  static final String TEKTON_CONFIGMAP = "bench-tekton-release";
  static final String MIGRATIONS_CONFIGMAP = "bench-migrations";
  static final String DS_IMAGE = "localhost/kubernaut-datastorage:e2e";
  static final String WE_IMAGE = "localhost/kubernaut-workflowexecution:e2e";

  private final DelayProfile delays;
  private final String tektonYaml;
  private final Map<String, String> migrations;

  BenchManifests(KubernetesClient client, Path sample, DelayProfile delays) {
    this.delays = delays;
    Map<String, ConfigMap> sampleMaps = new LinkedHashMap<>();
    try {
      byte[] bytes = Files.readAllBytes(sample);
      for (HasMetadata o : client.load(new ByteArrayInputStream(bytes)).items()) {
        if (o instanceof ConfigMap cm) {
          sampleMaps.put(cm.getMetadata().getName(), cm);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sample, e);
    }
    ConfigMap tekton = require(sampleMaps, "tekton-release-offline", sample);
    ConfigMap migrationsMap = require(sampleMaps, "workflowexecution-e2e-migrations", sample);
    this.migrations = migrationsMap.getData();
    this.tektonYaml = withDelay(client, String.join("\n---\n", tekton.getData().values()), delays.ms("tekton"));
  }

  private static ConfigMap require(Map<String, ConfigMap> maps, String name, Path sample) {
    ConfigMap cm = maps.get(name);
    if (cm == null) {
      throw new IllegalStateException(sample + " has no ConfigMap " + name);
    }
    return cm;
  }

  /** The release manifest with kwok's pod-ready delay on every Deployment's pods. */
  private static String withDelay(KubernetesClient client, String yaml, long delayMs) {
    List<String> docs = new ArrayList<>();
    for (HasMetadata o : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      if (o instanceof Deployment d) {
        var meta = d.getSpec().getTemplate().getMetadata();
        if (meta == null) {
          meta = new ObjectMetaBuilder().build();
          d.getSpec().getTemplate().setMetadata(meta);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (meta.getAnnotations() != null) {
          annotations.putAll(meta.getAnnotations());
        }
        annotations.put(DelayProfile.POD_READY_DELAY, DelayProfile.goDuration(delayMs));
        meta.setAnnotations(annotations);
      }
      docs.add(Serialization.asYaml(o).replaceFirst("^---\\s*\\n", ""));
    }
    return String.join("---\n", docs);
  }

  String tektonYaml() {
    return tektonYaml;
  }

  /** The ConfigMaps an environment reads (created by the benchmark before the clock starts). */
  List<ConfigMap> sourceConfigMaps(String namespace) {
    return List.of(
        new ConfigMapBuilder().withNewMetadata().withName(TEKTON_CONFIGMAP).withNamespace(namespace).endMetadata()
            .withData(Map.of("release.yaml", tektonYaml)).build(),
        new ConfigMapBuilder().withNewMetadata().withName(MIGRATIONS_CONFIGMAP).withNamespace(namespace)
            .endMetadata().withData(migrations).build());
  }

  /** The environment (not created): name, namespace and a spec with the delay profile on every workload. */
  E2EEnvironment environment(String namespace, String name, String executionNamespace) {
    E2EEnvironmentSpec spec = new E2EEnvironmentSpec();
    spec.tekton = new TektonSpec();
    spec.tekton.source = new ManifestSource();
    spec.tekton.source.configMap = new ManifestSource.ConfigMapRef();
    spec.tekton.source.configMap.name = TEKTON_CONFIGMAP;
    spec.postgresql = new PostgreSQLSpec();
    spec.postgresql.podAnnotations = ready(delays.ms("postgresql"));
    spec.redis = new RedisSpec();
    spec.redis.podAnnotations = ready(delays.ms("redis"));
    spec.migrations = new MigrationsSpec();
    spec.migrations.configMap = MIGRATIONS_CONFIGMAP;
    spec.migrations.podAnnotations = Map.of(DelayProfile.POD_COMPLETE_DELAY,
        DelayProfile.goDuration(delays.ms("migrations")));
    spec.dataStorage = new DataStorageSpec();
    spec.dataStorage.image = DS_IMAGE;
    spec.dataStorage.podAnnotations = ready(delays.ms("dataStorage"));
    spec.workflowExecution = new WorkflowExecutionSpec();
    spec.workflowExecution.image = WE_IMAGE;
    spec.workflowExecution.executionNamespace = executionNamespace;
    spec.workflowExecution.podAnnotations = ready(delays.ms("workflowExecution"));
    E2EEnvironment env = new E2EEnvironment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    env.setSpec(spec);
    return env;
  }

  /** The same environment as the operator would see it, for drivers that never create the custom resource. */
  E2EEnvironment standIn(String namespace, String name, String executionNamespace) {
    E2EEnvironment env = environment(namespace, name, executionNamespace);
    env.getMetadata().setUid(UUID.randomUUID().toString());
    env.getMetadata().setGeneration(1L);
    return env;
  }

  private static Map<String, String> ready(long ms) {
    return Map.of(DelayProfile.POD_READY_DELAY, DelayProfile.goDuration(ms));
  }
}
