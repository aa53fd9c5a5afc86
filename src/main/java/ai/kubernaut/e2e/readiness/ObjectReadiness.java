package ai.kubernaut.e2e.readiness;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Readiness rules against an object's real status (kstatus rules), in one place, so the operator and the benchmark's
 * baseline drivers measure the same thing. A Deployment is ready when its controller observed the current
 * generation, every replica is updated and available and the Available condition is True; a Job only when Complete.
 */
public final class ObjectReadiness {
  private ObjectReadiness() {}

  public static Readiness of(HasMetadata object, Collection<Pod> pods) {
    if (object instanceof Deployment d) {
      return deployment(d, pods);
    }
    if (object instanceof Job j) {
      return job(j, pods);
    }
    if (object instanceof CustomResourceDefinition crd) {
      return crd(crd);
    }
    if (object instanceof StatefulSet s) {
      return statefulSet(s, pods);
    }
    return Readiness.ready(describe(object) + " exists");
  }

  public static Readiness deployment(Deployment d, Collection<Pod> pods) {
    var spec = d.getSpec();
    var status = d.getStatus();
    int desired = spec.getReplicas() == null ? 1 : spec.getReplicas();
    String name = describe(d);
    if (status == null || status.getObservedGeneration() == null
        || status.getObservedGeneration() < d.getMetadata().getGeneration()) {
      return Readiness.progressing("RolloutPending", name + ": the deployment controller has not observed "
          + "generation " + d.getMetadata().getGeneration() + " yet");
    }
    int updated = nz(status.getUpdatedReplicas());
    int available = nz(status.getAvailableReplicas());
    int total = nz(status.getReplicas());
    boolean availableCondition = status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    if (updated >= desired && available >= desired && total == updated && availableCondition) {
      return Readiness.ready(name + " available (" + available + "/" + desired + ")");
    }
    var progressDeadline = status.getConditions() == null ? null : status.getConditions().stream()
        .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())).findFirst().orElse(null);
    String podIssue = podDiagnosis(pods);
    String msg = name + ": " + available + "/" + desired + " replicas available, " + updated + " updated"
        + (podIssue.isEmpty() ? "" : "; " + podIssue)
        + (progressDeadline != null ? "; " + progressDeadline.getMessage() : "");
    return Readiness.progressing("PodsNotReady", msg);
  }

  public static Readiness job(Job j, Collection<Pod> pods) {
    String name = describe(j);
    var status = j.getStatus();
    if (status != null && status.getConditions() != null) {
      for (var c : status.getConditions()) {
        if ("Complete".equals(c.getType()) && "True".equals(c.getStatus())) {
          return Readiness.ready(name + " complete");
        }
        if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
          String detail = terminatedMessage(pods).orElse(Objects.toString(c.getMessage(), c.getReason()));
          return Readiness.failed("JobFailed", name + " failed: " + detail);
        }
      }
    }
    String podIssue = podDiagnosis(pods);
    return Readiness.progressing("JobRunning", name + " has not completed yet"
        + (podIssue.isEmpty() ? "" : "; " + podIssue));
  }

  public static Readiness crd(CustomResourceDefinition crd) {
    boolean established = crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    return established ? Readiness.ready(describe(crd) + " established")
        : Readiness.progressing("CRDNotEstablished", describe(crd) + " is not established yet");
  }

  public static Readiness statefulSet(StatefulSet s, Collection<Pod> pods) {
    int desired = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    var st = s.getStatus();
    boolean ok = st != null && st.getObservedGeneration() != null
        && st.getObservedGeneration() >= s.getMetadata().getGeneration()
        && nz(st.getReadyReplicas()) >= desired && nz(st.getUpdatedReplicas()) >= desired;
    if (ok) {
      return Readiness.ready(describe(s) + " ready");
    }
    String podIssue = podDiagnosis(pods);
    return Readiness.progressing("PodsNotReady", describe(s) + ": " + (st == null ? 0 : nz(st.getReadyReplicas()))
        + "/" + desired + " replicas ready" + (podIssue.isEmpty() ? "" : "; " + podIssue));
  }

  /** Why the pods are not ready, in the words kubectl describe would use: waiting reasons, unschedulable, crashes. */
  public static String podDiagnosis(Collection<Pod> pods) {
    if (pods == null || pods.isEmpty()) {
      return "no pods yet";
    }
    List<String> issues = new ArrayList<>();
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String pn = "pod " + pod.getMetadata().getName();
      var status = pod.getStatus();
      if (status == null) {
        issues.add(pn + " has no status yet");
        continue;
      }
      if (status.getConditions() != null) {
        for (PodCondition c : status.getConditions()) {
          if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
            issues.add(pn + " is Pending: " + Objects.toString(c.getReason(), "") + " " + Objects.toString(c.getMessage(), ""));
          }
        }
      }
      List<ContainerStatus> cs = new ArrayList<>();
      if (status.getInitContainerStatuses() != null) {
        cs.addAll(status.getInitContainerStatuses());
      }
      if (status.getContainerStatuses() != null) {
        cs.addAll(status.getContainerStatuses());
      }
      for (ContainerStatus c : cs) {
        var state = c.getState();
        if (state != null && state.getWaiting() != null && state.getWaiting().getReason() != null) {
          issues.add(pn + " container " + c.getName() + " is waiting: " + state.getWaiting().getReason()
              + (state.getWaiting().getMessage() == null ? "" : " (" + state.getWaiting().getMessage() + ")")
              + (nz(c.getRestartCount()) > 0 ? ", restarted " + c.getRestartCount() + " times" : ""));
        } else if (state != null && state.getTerminated() != null && nz(state.getTerminated().getExitCode()) != 0) {
          issues.add(pn + " container " + c.getName() + " exited with code " + state.getTerminated().getExitCode()
              + " (" + Objects.toString(state.getTerminated().getReason(), "") + ")"
              + (state.getTerminated().getMessage() == null ? "" : ": " + state.getTerminated().getMessage()));
        } else if (state != null && state.getRunning() != null && !Boolean.TRUE.equals(c.getReady())) {
          issues.add(pn + " container " + c.getName() + " is running but not ready (readiness probe)");
        }
      }
      if (issues.isEmpty() && "Pending".equals(status.getPhase())) {
        issues.add(pn + " is Pending");
      }
    }
    return String.join("; ", issues.stream().distinct().limit(3).toList());
  }

  /** The message a failed container left (the migrations runner writes the file and the error there). */
  public static Optional<String> terminatedMessage(Collection<Pod> pods) {
    if (pods == null) {
      return Optional.empty();
    }
    return pods.stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .map(c -> c.getState() == null ? null : c.getState().getTerminated())
        .filter(t -> t != null && nz(t.getExitCode()) != 0)
        .map(t -> t.getMessage() != null && !t.getMessage().isBlank() ? t.getMessage().strip()
            : "exit code " + t.getExitCode() + " (" + t.getReason() + ")")
        .findFirst();
  }

  public static String describe(HasMetadata o) {
    return o.getKind() + " " + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
        + o.getMetadata().getName();
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
