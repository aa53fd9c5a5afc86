package ai.kubernaut.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.kubernaut.e2e.testing.TestNamespace;
import ai.kubernaut.e2e.testing.WithLocalCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks that the local control plane (hack/cluster) behaves like the real thing where the operator relies on it, and
 * that the kwok stages honour the annotation contracts of hack/cluster/kwok-stages.yaml.
 */
@Tag("cluster")
@WithLocalCluster
class ControlPlaneSelfTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String IMAGE = "registry.invalid/e2e/app:1.0";

    KubernetesClient client;
    @TestNamespace
    String namespace;

    @Test
    void deploymentBecomesAvailable() {
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(podTemplate("web", Map.of()))
                .endSpec().build()).create();

        await("Deployment web available").atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName("web").get();
            assertNotNull(d.getStatus());
            assertEquals(d.getMetadata().getGeneration(), d.getStatus().getObservedGeneration());
            assertEquals(2, d.getStatus().getAvailableReplicas());
            assertEquals(2, d.getStatus().getReadyReplicas());
            assertTrue(d.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True")));
        });
    }

    @Test
    void jobReachesComplete() {
        client.batch().v1().jobs().inNamespace(namespace).resource(job("migrate", Map.of())).create();

        await("Job migrate complete").atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName("migrate").get();
            assertNotNull(job.getStatus());
            assertEquals(1, job.getStatus().getSucceeded());
            assertTrue(job.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True")));
        });
        Pod pod = client.pods().inNamespace(namespace).withLabel("job-name", "migrate").list().getItems().get(0);
        assertEquals("Succeeded", pod.getStatus().getPhase());
        ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertEquals(0, terminated.getExitCode());
        assertEquals("Completed", terminated.getReason());
    }

    @Test
    void garbageCollectorDeletesObjectsOfDeletedOwner() {
        ConfigMap owner = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owner").endMetadata().addToData("role", "owner").build()).create();
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owned")
                .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                .withUid(owner.getMetadata().getUid()).endOwnerReference()
                .endMetadata().addToData("role", "owned").build()).create();

        client.configMaps().inNamespace(namespace).withName("owner")
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

        await("owned ConfigMap garbage-collected").atMost(DEADLINE).pollInterval(POLL)
                .until(() -> client.configMaps().inNamespace(namespace).withName("owned").get() == null);
    }

    @Test
    void crdSchemaAndCelRulesRejectInvalidObjects() {
        String group = "t" + UUID.randomUUID().toString().substring(0, 8) + ".selftest.e2e.kubernaut.ai";
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("widgets." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind("Widget").withListKind("WidgetList").withPlural("widgets")
                .withSingular("widget").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
                                .addToProperties("replicas", new JSONSchemaPropsBuilder().withType("integer")
                                        .withMinimum(1.0).withMaximum(10.0).build())
                                .addToProperties("minReplicas", new JSONSchemaPropsBuilder().withType("integer")
                                        .build())
                                .withXKubernetesValidations(new ValidationRuleBuilder()
                                        .withRule("!has(self.minReplicas) || self.minReplicas <= self.replicas")
                                        .withMessage("minReplicas must not exceed replicas").build())
                                .build())
                        .build()).endSchema()
                .endVersion().endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        try {
            await("CRD established").atMost(DEADLINE).pollInterval(POLL).until(() -> {
                CustomResourceDefinition c = client.apiextensions().v1().customResourceDefinitions()
                        .withName(crd.getMetadata().getName()).get();
                return c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True"));
            });
            ResourceDefinitionContext widgets = new ResourceDefinitionContext.Builder().withGroup(group)
                    .withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true).build();

            // A freshly established CRD can take a moment to be served: retry the valid create until it lands.
            await("valid Widget accepted").atMost(DEADLINE).pollInterval(POLL).ignoreExceptions().until(() -> {
                try {
                    client.genericKubernetesResources(widgets).inNamespace(namespace)
                            .resource(widget(group, "ok", 3, 2)).create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) { // 409: an earlier attempt did land
                        throw e;
                    }
                }
                return true;
            });

            KubernetesClientException schema = assertThrows(KubernetesClientException.class, () ->
                    client.genericKubernetesResources(widgets).inNamespace(namespace)
                            .resource(widget(group, "too-few", 0, null)).create());
            assertEquals(422, schema.getCode());
            assertTrue(schema.getMessage().contains(
                            "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"),
                    schema.getMessage());

            KubernetesClientException cel = assertThrows(KubernetesClientException.class, () ->
                    client.genericKubernetesResources(widgets).inNamespace(namespace)
                            .resource(widget(group, "inverted", 3, 5)).create());
            assertEquals(422, cel.getCode());
            assertTrue(cel.getMessage().contains("\"inverted\" is invalid: spec: Invalid value: "), cel.getMessage());
            assertTrue(cel.getMessage().contains("minReplicas must not exceed replicas"), cel.getMessage());
        } finally {
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).delete();
        }
    }

    @Test
    void serverSideApplyCreatesUpdatesAndReportsConflicts() {
        ConfigMap applied = client.configMaps().inNamespace(namespace).resource(configMap("settings", "1"))
                .fieldManager("alpha").serverSideApply();
        assertEquals("1", applied.getData().get("level"));

        ConfigMap updated = client.configMaps().inNamespace(namespace).resource(configMap("settings", "2"))
                .fieldManager("alpha").serverSideApply();
        assertEquals("2", updated.getData().get("level"));
        assertTrue(updated.getMetadata().getManagedFields().stream()
                .anyMatch(m -> m.getManager().equals("alpha") && m.getOperation().equals("Apply")));

        KubernetesClientException conflict = assertThrows(KubernetesClientException.class, () ->
                client.configMaps().inNamespace(namespace).resource(configMap("settings", "3"))
                        .fieldManager("beta").serverSideApply());
        assertEquals(409, conflict.getCode());
        assertTrue(conflict.getMessage().contains("conflict with \"alpha\""), conflict.getMessage());
        assertEquals("2", client.configMaps().inNamespace(namespace).withName("settings").get().getData().get("level"));

        ConfigMap forced = client.configMaps().inNamespace(namespace).resource(configMap("settings", "3"))
                .fieldManager("beta").forceConflicts().serverSideApply();
        assertEquals("3", forced.getData().get("level"));
    }

    @Test
    void podReadyDelayAnnotationDelaysReadiness() {
        Instant created = Instant.now();
        client.pods().inNamespace(namespace).resource(pod("slow", Map.of("pod-ready.stage.kwok.x-k8s.io/delay", "6s")))
                .create();
        client.pods().inNamespace(namespace).resource(pod("fast", Map.of())).create();

        await("pod fast ready").atMost(DEADLINE).pollInterval(POLL).until(() -> ready(pod("fast")));
        assertFalse(ready(pod("slow")), "pod with a 6s ready delay was ready as soon as an undelayed one");
        await("pod slow ready").atMost(DEADLINE).pollInterval(POLL).until(() -> ready(pod("slow")));
        Duration took = Duration.between(created, Instant.now());
        assertTrue(took.compareTo(Duration.ofSeconds(6)) >= 0, "pod slow became ready after only " + took);
        assertEquals("Running", pod("slow").getStatus().getPhase());
    }

    @Test
    void simulateFailureAnnotationFailsJobPodWithMessage() {
        String message = "migration 0042_add_index.sql failed: ERROR: relation \"users\" does not exist";
        client.batch().v1().jobs().inNamespace(namespace)
                .resource(job("migrate", Map.of("e2e.kubernaut.ai/simulate-failure", message))).create();

        await("Job migrate failed").atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName("migrate").get();
            assertNotNull(job.getStatus());
            assertTrue(job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Failed") && c.getStatus().equals("True")));
        });
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("job-name", "migrate").list().getItems();
        assertEquals(1, pods.size());
        Pod pod = pods.get(0);
        assertEquals("Failed", pod.getStatus().getPhase());
        assertFalse(ready(pod));
        ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertNotNull(terminated);
        assertEquals(1, terminated.getExitCode());
        assertEquals("Error", terminated.getReason());
        assertEquals(message, terminated.getMessage());
        Integer succeeded = client.batch().v1().jobs().inNamespace(namespace).withName("migrate").get()
                .getStatus().getSucceeded();
        assertTrue(succeeded == null || succeeded == 0, "succeeded: " + succeeded);
    }

    @Test
    void simulateWaitingAnnotationYieldsWaitingContainerReason() {
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName("broken").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "broken").endSelector()
                .withTemplate(podTemplate("broken", Map.of("e2e.kubernaut.ai/simulate-waiting", "ImagePullBackOff")))
                .endSpec().build()).create();
        client.pods().inNamespace(namespace)
                .resource(pod("crashing", Map.of("e2e.kubernaut.ai/simulate-waiting", "CrashLoopBackOff"))).create();

        await("container of Deployment broken waiting").atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace(namespace).withLabel("app", "broken").list().getItems();
            assertEquals(1, pods.size());
            ContainerStateWaiting waiting = waiting(pods.get(0));
            assertNotNull(waiting);
            assertEquals("ImagePullBackOff", waiting.getReason());
            assertTrue(waiting.getMessage().startsWith("Back-off pulling image \"" + IMAGE + "\""),
                    waiting.getMessage());
            assertEquals("Pending", pods.get(0).getStatus().getPhase());
            assertFalse(ready(pods.get(0)));
        });
        await("container of pod crashing waiting").atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> {
            Pod pod = pod("crashing");
            ContainerStateWaiting waiting = waiting(pod);
            assertNotNull(waiting);
            assertEquals("CrashLoopBackOff", waiting.getReason());
            assertTrue(waiting.getMessage().startsWith("back-off"), waiting.getMessage());
            assertFalse(ready(pod));
        });
        Deployment broken = client.apps().deployments().inNamespace(namespace).withName("broken").get();
        assertNull(broken.getStatus().getAvailableReplicas());
    }

    @Test
    void deletedPodIsRemoved() {
        client.pods().inNamespace(namespace).resource(pod("doomed", Map.of())).create();
        await("pod doomed ready").atMost(DEADLINE).pollInterval(POLL).until(() -> ready(pod("doomed")));

        client.pods().inNamespace(namespace).withName("doomed").delete();

        await("pod doomed removed").atMost(DEADLINE).pollInterval(POLL).until(() -> pod("doomed") == null);
    }

    // --- helpers ---

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    private static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static ContainerStateWaiting waiting(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return null;
        }
        ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
        return status.getState() == null ? null : status.getState().getWaiting();
    }

    private static PodTemplateSpec podTemplate(String app, Map<String, String> annotations) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app", app).addToAnnotations(annotations).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(IMAGE).endContainer().endSpec()
                .build();
    }

    private static Pod pod(String name, Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app", name).addToAnnotations(annotations).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(IMAGE).endContainer().endSpec()
                .build();
    }

    private static Job job(String name, Map<String, String> podAnnotations) {
        return new JobBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0)
                .withNewTemplate()
                .withNewMetadata().addToAnnotations(podAnnotations).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("migrate").withImage(IMAGE).endContainer()
                .endSpec().endTemplate()
                .endSpec().build();
    }

    private static ConfigMap configMap(String name, String level) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("level", level).build();
    }

    private static GenericKubernetesResource widget(String group, String name, int replicas, Integer minReplicas) {
        Map<String, Object> spec = minReplicas == null
                ? Map.of("replicas", replicas)
                : Map.of("replicas", replicas, "minReplicas", minReplicas);
        return new GenericKubernetesResourceBuilder().withApiVersion(group + "/v1").withKind("Widget")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
    }
}
