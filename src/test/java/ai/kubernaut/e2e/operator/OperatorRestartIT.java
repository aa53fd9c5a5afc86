package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.testing.LocalCluster;
import ai.kubernaut.e2e.testing.OperatorProcess;
import ai.kubernaut.e2e.testing.WithLocalCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator is SIGKILLed in the middle of provisioning and started again: it resumes from the cluster's
 * state. Nothing is created twice (no second migrations Job, so no migration runs again), nothing of the environment
 * is recreated (same uids), the credentials stay the same, the timings recorded before the kill are kept, and the
 * environment reaches Ready.
 *
 * <p>The operator runs as its own process ({@link OperatorProcess}); kwok delays make provisioning take ~10s
 * (PostgreSQL ready after 3s, the migrations Job's pod complete 5s after it runs), which gives the kill a window.
 */
@WithLocalCluster
@Tag("cluster")
class OperatorRestartIT extends PackagedOperatorBase {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  @Test
  void killedWhileTheMigrationsJobRunsResumesWithoutASecondJob() {
    E2EEnvironment env = createEnvironment();
    String name = env.getMetadata().getName();
    operator = start("migrations-1");

    // Mid-migration: the Job exists, PostgreSQL's readiness and the migrations' start are recorded, the Job runs.
    var before = new E2EEnvironment[1];
    await("migrations Job created and recorded in status").atMost(READY_TIMEOUT).untilAsserted(() -> {
      before[0] = OperatorTestSupport.get(client, ns, name);
      assertThat(jobs(before[0])).hasSize(1);
      ComponentStatus pg = before[0].getStatus().component("postgresql");
      assertThat(pg.readyAt).isNotNull();
      assertThat(before[0].getStatus().component("migrations").startedAt).isNotNull();
    });
    operator.kill();
    E2EEnvironment atKill = OperatorTestSupport.get(client, ns, name);
    List<Job> jobsAtKill = jobs(atKill);
    assertThat(jobsAtKill).as("migrations Jobs at the kill").hasSize(1);
    Job job = jobsAtKill.get(0);
    assertThat(complete(job)).as("the kill happened while the migrations Job was still running: " + job.getStatus())
        .isFalse();
    Map<String, String> uidsAtKill = objectUids(atKill);
    Map<String, String> credentialsAtKill = credentials(name);
    ComponentStatus pgAtKill = atKill.getStatus().component("postgresql");
    ComponentStatus migrationsAtKill = atKill.getStatus().component("migrations");
    String envStartedAt = atKill.getStatus().startedAt;

    operator = start("migrations-2");
    Duration restartToReady = awaitReady(name);
    System.out.println("[restart-it] migrations: restarted operator to Ready " + restartToReady.toMillis() + " ms");

    E2EEnvironment done = OperatorTestSupport.get(client, ns, name);
    List<Job> jobsAfter = jobs(done);
    assertThat(jobsAfter).as("migrations Jobs after the restart").hasSize(1);
    assertThat(jobsAfter.get(0).getMetadata().getUid()).as("the Job created before the kill is the one that ran")
        .isEqualTo(job.getMetadata().getUid());
    assertThat(complete(jobsAfter.get(0))).isTrue();
    assertThat(jobsAfter.get(0).getStatus().getSucceeded()).isEqualTo(1);
    assertThat(client.pods().inNamespace(ns).withLabel("job-name", job.getMetadata().getName()).list().getItems())
        .as("pods of the migrations Job: the migrations ran once").hasSize(1);
    assertNothingRecreated(done, uidsAtKill, credentialsAtKill);

    ComponentStatus pg = done.getStatus().component("postgresql");
    assertThat(pg.startedAt).as("PostgreSQL startedAt").isEqualTo(pgAtKill.startedAt);
    assertThat(pg.readyAt).as("PostgreSQL readyAt").isEqualTo(pgAtKill.readyAt);
    assertThat(done.getStatus().component("migrations").startedAt).as("migrations startedAt")
        .isEqualTo(migrationsAtKill.startedAt);
    assertThat(done.getStatus().startedAt).as("environment startedAt").isEqualTo(envStartedAt);
  }

  @Test
  void killedBeforeAnythingIsReadyResumesWithoutDuplicates() {
    E2EEnvironment env = createEnvironment();
    String name = env.getMetadata().getName();
    operator = start("early-1");

    // Right after the first object of the first component appears: the first reconciliation may be half done.
    await("PostgreSQL Deployment created").atMost(READY_TIMEOUT).until(() ->
        client.apps().deployments().inNamespace(ns).withName(name + "-postgresql").get() != null);
    operator.kill();
    E2EEnvironment atKill = OperatorTestSupport.get(client, ns, name);
    assertThat(jobs(atKill)).as("nothing past PostgreSQL exists yet").isEmpty();
    Map<String, String> uidsAtKill = objectUids(atKill);
    Map<String, String> credentialsAtKill = credentials(name);
    System.out.println("[restart-it] early: objects at the kill " + uidsAtKill.keySet() + "; status at the kill: "
        + (atKill.getStatus() == null ? "none" : atKill.getStatus().components.stream()
            .map(c -> c.name + "=" + c.phase + " startedAt=" + c.startedAt).toList()));

    operator = start("early-2");
    Duration restartToReady = awaitReady(name);
    System.out.println("[restart-it] early: restarted operator to Ready " + restartToReady.toMillis() + " ms");

    E2EEnvironment done = OperatorTestSupport.get(client, ns, name);
    assertThat(jobs(done)).as("migrations Jobs").hasSize(1);
    assertNothingRecreated(done, uidsAtKill, credentialsAtKill);
    if (atKill.getStatus() != null) {
      // Whatever the killed process had recorded is kept (it may have died before its first status patch).
      assertThat(done.getStatus().startedAt).isEqualTo(atKill.getStatus().startedAt);
      for (ComponentStatus c : atKill.getStatus().components) {
        if (c.startedAt != null) {
          assertThat(done.getStatus().component(c.name).startedAt).as(c.name + " startedAt").isEqualTo(c.startedAt);
        }
      }
    }
  }

  // --- helpers ---

  /** samples/datastorage-e2e.yaml with kwok delays: PostgreSQL ready after 3s, the migrations pod done after 5s. */
  private E2EEnvironment createEnvironment() {
    List<HasMetadata> objects = OperatorTestSupport.parse(client,
        OperatorTestSupport.sample("datastorage-e2e.yaml", ns));
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    env.getSpec().postgresql.podAnnotations = Map.of("pod-ready.stage.kwok.x-k8s.io/delay", "3s");
    env.getSpec().migrations.podAnnotations = Map.of("pod-complete.stage.kwok.x-k8s.io/delay", "5s");
    OperatorTestSupport.create(client, ns, objects);
    return env;
  }

  private OperatorProcess start(String name) {
    OperatorProcess p = OperatorProcess.start(LocalCluster.get().kubeconfigPath(), "restart-" + name);
    p.awaitStarted();
    return p;
  }

  /** From the operator's launch to Ready=True (observed generation current). */
  private Duration awaitReady(String name) {
    await(name + " Ready after the restart").atMost(READY_TIMEOUT).untilAsserted(() -> {
      assertThat(operator.isAlive()).as("operator alive; log tail:\n" + operator.tail(30)).isTrue();
      E2EEnvironment e = OperatorTestSupport.get(client, ns, name);
      var ready = OperatorTestSupport.condition(e, "Ready").orElseThrow(() -> new AssertionError("no Ready"));
      assertThat(ready.getStatus()).as("Ready: " + ready.getMessage()).isEqualTo("True");
      assertThat(ready.getObservedGeneration()).isEqualTo(e.getMetadata().getGeneration());
    });
    return Duration.between(operator.startedAt(), Instant.now());
  }

  private List<Job> jobs(E2EEnvironment env) {
    return client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.ENVIRONMENT_UID, env.getMetadata().getUid())
        .list().getItems();
  }

  private static boolean complete(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
        .stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** kind/name -> uid of everything the operator made for this environment in its namespace. */
  private Map<String, String> objectUids(E2EEnvironment env) {
    String uid = env.getMetadata().getUid();
    Map<String, String> uids = new TreeMap<>();
    Stream.of(client.apps().deployments(), client.services(), client.secrets(), client.configMaps(),
            client.serviceAccounts(), client.batch().v1().jobs())
        .flatMap(op -> op.inNamespace(ns).withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems().stream())
        .forEach(o -> uids.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getUid()));
    return uids;
  }

  private Map<String, String> credentials(String env) {
    var secret = client.secrets().inNamespace(ns).withName(env + "-postgresql-credentials").get();
    return secret == null ? null : secret.getData();
  }

  private void assertNothingRecreated(E2EEnvironment done, Map<String, String> uidsAtKill,
      Map<String, String> credentialsAtKill) {
    Map<String, String> uidsNow = objectUids(done);
    uidsAtKill.forEach((object, uid) ->
        assertThat(uidsNow.get(object)).as(object + " kept (same uid), not deleted or recreated").isEqualTo(uid));
    List<Deployment> deployments = client.apps().deployments().inNamespace(ns)
        .withLabel(Labels.ENVIRONMENT_UID, done.getMetadata().getUid()).list().getItems();
    assertThat(deployments).extracting(d -> d.getMetadata().getLabels().get(Labels.COMPONENT))
        .as("one Deployment per component").containsExactlyInAnyOrder("postgresql", "redis", "dataStorage");
    if (credentialsAtKill != null) {
      assertThat(credentials(done.getMetadata().getName())).as("generated PostgreSQL credentials unchanged")
          .isEqualTo(credentialsAtKill);
    }
    System.out.println("[restart-it] objects after Ready: " + uidsNow.keySet());
  }
}
