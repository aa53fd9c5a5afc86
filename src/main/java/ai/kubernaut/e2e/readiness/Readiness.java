package ai.kubernaut.e2e.readiness;

import java.util.List;

/** The state of one object or one component, with a reason (CamelCase) and a message a person can act on. */
public record Readiness(State state, String reason, String message) {
  public enum State { READY, PROGRESSING, FAILED }

  public static Readiness ready(String message) {
    return new Readiness(State.READY, "Ready", message);
  }

  public static Readiness progressing(String reason, String message) {
    return new Readiness(State.PROGRESSING, reason, message);
  }

  public static Readiness failed(String reason, String message) {
    return new Readiness(State.FAILED, reason, message);
  }

  public boolean isReady() {
    return state == State.READY;
  }

  /** A component is as ready as its least ready object: failed beats progressing beats ready. */
  public static Readiness combine(List<Readiness> parts, String readyMessage) {
    Readiness worst = null;
    for (Readiness r : parts) {
      if (r.state == State.FAILED) {
        return r;
      }
      if (r.state == State.PROGRESSING && worst == null) {
        worst = r;
      }
    }
    return worst != null ? worst : ready(readyMessage);
  }
}
