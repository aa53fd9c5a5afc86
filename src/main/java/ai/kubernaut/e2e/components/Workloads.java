package ai.kubernaut.e2e.components;

import ai.kubernaut.e2e.api.v1alpha1.ComponentSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The boilerplate every workload shares: labels, pod annotations, pull secrets, resources, one replica. */
public final class Workloads {
  private Workloads() {}

  public static ResourceRequirements resources(ComponentSpec spec, String cpuRequest, String memRequest,
      String cpuLimit, String memLimit) {
    if (spec.resources != null) {
      return spec.resources;
    }
    return new ResourceRequirementsBuilder()
        .withRequests(Map.of("cpu", new Quantity(cpuRequest), "memory", new Quantity(memRequest)))
        .withLimits(Map.of("cpu", new Quantity(cpuLimit), "memory", new Quantity(memLimit)))
        .build();
  }

  /** Defaults first, then the spec's extra env (a later entry with the same name wins in Kubernetes). */
  public static List<EnvVar> env(ComponentSpec spec, List<EnvVar> defaults) {
    Map<String, EnvVar> merged = new LinkedHashMap<>();
    defaults.forEach(e -> merged.put(e.getName(), e));
    if (spec.env != null) {
      spec.env.forEach(e -> merged.put(e.getName(), e));
    }
    return new ArrayList<>(merged.values());
  }

  public static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  public static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
        .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
  }

  public static PodTemplateSpec podTemplate(ComponentContext ctx, String component, ComponentSpec spec,
      Map<String, String> extraAnnotations, Container container, List<Volume> volumes, String serviceAccount,
      String restartPolicy) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (spec != null && spec.podAnnotations != null) {
      annotations.putAll(spec.podAnnotations);
    }
    annotations.putAll(extraAnnotations);
    var podSpec = new PodSpecBuilder()
        .withContainers(container)
        .withVolumes(volumes)
        .withRestartPolicy(restartPolicy)
        .withServiceAccountName(serviceAccount)
        .withEnableServiceLinks(false);
    if (ctx.env().getSpec().imagePullSecrets != null) {
      podSpec.withImagePullSecrets(ctx.env().getSpec().imagePullSecrets);
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(Labels.owned(ctx.env(), component)).withAnnotations(annotations).endMetadata()
        .withSpec(podSpec.build())
        .build();
  }

  public static Deployment deployment(ComponentContext ctx, String component, String name, PodTemplateSpec template,
      boolean recreate) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(ctx.namespace()).endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector().withMatchLabels(Labels.podSelector(ctx.env(), component)).endSelector()
        .withNewStrategy().withType(recreate ? "Recreate" : "RollingUpdate").endStrategy()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  public static Service service(ComponentContext ctx, String component, String name, String portName, int port) {
    return new ServiceBuilder()
        .withNewMetadata().withName(name).withNamespace(ctx.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(Labels.podSelector(ctx.env(), component))
        .addNewPort().withName(portName).withPort(port).withNewTargetPort(port).withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }
}
