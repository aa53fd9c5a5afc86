package ai.kubernaut.e2e.components.migrations;

import ai.kubernaut.e2e.api.v1alpha1.MigrationsSpec;
import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.components.BuiltInComponent;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.postgresql.PostgreSQLComponent;
import ai.kubernaut.e2e.readiness.ObjectReadiness;
import ai.kubernaut.e2e.readiness.Readiness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * SQL migrations as a Job on the PostgreSQL image (already pulled) running a goose-compatible runner. The Job's name
 * carries a hash of its inputs: new or changed SQL gives a new Job, which applies only what goose_db_version lacks.
 */
public class MigrationsComponent extends BuiltInComponent {
  public static final String ID = "migrations";
  static final Pattern FILE = Pattern.compile("^[0-9]+_[A-Za-z0-9._-]+\\.sql$");

  private final MigrationsSpec spec;
  private final PostgreSQLSpec postgresql;

  public MigrationsComponent(MigrationsSpec spec, PostgreSQLSpec postgresql) {
    super(ID, "Migrations", "MigrationsSucceeded", spec, Duration.ofMinutes(10));
    this.spec = spec;
    this.postgresql = postgresql;
  }

  @Override
  public List<String> dependsOn() {
    return List.of(PostgreSQLComponent.ID);
  }

  @Override
  public List<List<DesiredObject>> desired(ComponentContext ctx) {
    Map<String, String> files = sqlFiles(ctx);
    var runner = MigrationsRunnerScript.desired(ctx);
    String hash = hash(files, runner.getData(), image(), spec);
    return List.of(List.of(
        DesiredObject.owned(runner),
        DesiredObject.ownedCreateOnly(MigrationsJob.desired(ctx, spec, postgresql, image(), hash))));
  }

  @Override
  public Readiness readiness(ComponentContext ctx, List<HasMetadata> actual) {
    for (HasMetadata o : actual) {
      if (o instanceof Job job) {
        Readiness r = ObjectReadiness.job(job, ctx.podsOf(job));
        if (r.state() == Readiness.State.FAILED) {
          return Readiness.failed("MigrationFailed", r.message()
              + ". Fix the SQL in ConfigMap " + spec.configMap + "; a changed ConfigMap starts a new Job.");
        }
        return r.isReady() ? Readiness.ready("migrations applied by " + ObjectReadiness.describe(job)) : r;
      }
    }
    return Readiness.progressing("JobPending", "migrations Job not created yet");
  }

  private String image() {
    return spec.image != null ? spec.image : PostgreSQLComponent.image(postgresql);
  }

  /** The SQL files of the source ConfigMap; missing ConfigMap waits, misnamed files fail with the name. */
  private Map<String, String> sqlFiles(ComponentContext ctx) {
    ConfigMap cm = ctx.get(ConfigMap.class, ctx.namespace(), spec.configMap).orElseThrow(() ->
        new NotReadyException(Readiness.progressing("WaitingForSource",
            "migrations wait for ConfigMap " + ctx.namespace() + "/" + spec.configMap + ", which does not exist")));
    Map<String, String> files = new TreeMap<>();
    if (cm.getData() != null) {
      for (var e : cm.getData().entrySet()) {
        if (!e.getKey().endsWith(".sql")) {
          continue;
        }
        if (!FILE.matcher(e.getKey()).matches()) {
          throw new NotReadyException(Readiness.failed("InvalidMigrationSource", "ConfigMap " + spec.configMap
              + ": file " + e.getKey() + " is not named <number>_<name>.sql"));
        }
        files.put(e.getKey(), e.getValue());
      }
    }
    if (files.isEmpty()) {
      throw new NotReadyException(Readiness.failed("InvalidMigrationSource", "ConfigMap " + spec.configMap
          + " has no <number>_<name>.sql keys"));
    }
    return files;
  }

  static String hash(Map<String, String> files, Map<String, String> runner, String image, MigrationsSpec spec) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map<String, String> m : List.of(files, new TreeMap<>(runner))) {
        for (var e : m.entrySet()) {
          md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
          md.update((byte) 0);
          md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
          md.update((byte) 0);
        }
      }
      md.update(image.getBytes(StandardCharsets.UTF_8));
      md.update(String.valueOf(spec.env).getBytes(StandardCharsets.UTF_8));
      md.update(String.valueOf(spec.podAnnotations).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
