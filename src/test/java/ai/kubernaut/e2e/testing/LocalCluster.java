package ai.kubernaut.e2e.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok) shared by every
 * cluster test of this JVM.
 *
 * <p>{@link #get()} finds or starts it once per JVM:
 * <ol>
 *   <li>if the system property {@value #KUBECONFIG_PROPERTY} or the environment variable {@value #KUBECONFIG_ENV}
 *       names the kubeconfig of a reachable cluster, that cluster is used as is;</li>
 *   <li>otherwise {@code hack/cluster/up.sh} runs (its output is streamed to the console, so a first-time build of
 *       the binaries shows progress). It reuses a cluster that is already running (e.g. from {@code make cluster-up})
 *       or starts one. A cluster started by a test JVM is stopped again ({@code hack/cluster/down.sh}) when the
 *       last JVM using it exits (JVMs register in {@code ~/.cache/e2e-operator/cluster-users/<name>/}), unless
 *       {@value #KEEP_ENV}=1; a cluster started by hand ({@code make cluster-up}) keeps running.</li>
 * </ol>
 * It also sets the system property {@code kubeconfig}, which fabric8's {@code Config.autoConfigure} (and therefore
 * the Quarkus Kubernetes client) reads, so an application started later in this JVM talks to the same cluster.
 */
public final class LocalCluster {

    public static final String KUBECONFIG_PROPERTY = "e2e.kubeconfig";
    public static final String KUBECONFIG_ENV = "E2E_KUBECONFIG";
    public static final String KEEP_ENV = "E2E_KEEP_CLUSTER";
    /** Optional override of the project directory (the one holding {@code hack/cluster/up.sh}). */
    public static final String PROJECT_DIR_PROPERTY = "e2e.projectDir";

    private static final String EXPORT_PREFIX = "export KUBECONFIG=";
    private static final String STARTED_MARKER = "started-by-tests";
    private static LocalCluster instance;

    private final Path kubeconfig;
    private final String kubeconfigContents;
    private final boolean startedHere;

    private LocalCluster(Path kubeconfig, boolean startedHere) {
        this.kubeconfig = kubeconfig;
        this.startedHere = startedHere;
        try {
            this.kubeconfigContents = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    /** The cluster of this JVM; finds or starts it on first use (may take long the very first time: builds). */
    public static synchronized LocalCluster get() {
        if (instance == null) {
            instance = locate();
            System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, instance.kubeconfig.toString());
        }
        return instance;
    }

    /** Absolute path of the kubeconfig (client certificates inlined). */
    public Path kubeconfigPath() {
        return kubeconfig;
    }

    /** A fabric8 configuration for this cluster, independent of ~/.kube/config and KUBECONFIG. */
    public Config config() {
        Config config = Config.fromKubeconfig(kubeconfigContents);
        return new ConfigBuilder(config).withRequestTimeout(30_000).withConnectionTimeout(10_000).build();
    }

    /** A new client of this cluster; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** Whether this JVM started the cluster (and will stop it on exit unless {@value #KEEP_ENV}=1). */
    public boolean startedByThisJvm() {
        return startedHere;
    }

    private static LocalCluster locate() {
        String configured = System.getProperty(KUBECONFIG_PROPERTY);
        String source = "system property " + KUBECONFIG_PROPERTY;
        if (isBlank(configured)) {
            configured = System.getenv(KUBECONFIG_ENV);
            source = "environment variable " + KUBECONFIG_ENV;
        }
        if (!isBlank(configured)) {
            Path path = Paths.get(configured).toAbsolutePath();
            if (Files.isRegularFile(path)) {
                LocalCluster candidate = new LocalCluster(path, false);
                String problem = candidate.probe();
                if (problem == null) {
                    log("using the cluster of " + path + " (" + source + ")");
                    return candidate;
                }
                log("the cluster of " + path + " (" + source + ") is not reachable (" + problem
                        + "); starting the local one");
            } else {
                log(source + " names " + path + ", which does not exist; starting the local one");
            }
        }
        return startWithScript();
    }

    /** Null when the API server answers /readyz with "ok", else what went wrong. */
    private String probe() {
        Config config = new ConfigBuilder(config()).withRequestTimeout(5_000).withConnectionTimeout(3_000)
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            String readyz = client.raw("/readyz");
            return readyz != null && readyz.trim().equals("ok") ? null : "/readyz answered " + readyz;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static LocalCluster startWithScript() {
        Path projectDir = projectDir();
        Path up = projectDir.resolve("hack/cluster/up.sh");
        log("running " + up + " (the first run on a machine builds the control plane, which takes minutes)");
        List<String> stdout;
        try {
            Process process = new ProcessBuilder(up.toString()).directory(projectDir.toFile()).start();
            process.getOutputStream().close();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread out = pump(process.getInputStream(), System.out, lines);
            Thread err = pump(process.getErrorStream(), System.err, null);
            int exit = process.waitFor();
            out.join();
            err.join();
            if (exit != 0) {
                throw new IllegalStateException(up + " failed with exit code " + exit + " (its output is above)");
            }
            stdout = new ArrayList<>(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + up, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + up, e);
        }
        String last = stdout.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        if (!last.startsWith(EXPORT_PREFIX)) {
            throw new IllegalStateException(up + " did not end with '" + EXPORT_PREFIX + "...' but with: " + last);
        }
        Path kubeconfig = Paths.get(last.substring(EXPORT_PREFIX.length()).trim());
        boolean started = stdout.stream().anyMatch(l -> l.startsWith("# cluster ") && l.endsWith(": started"));
        LocalCluster cluster = new LocalCluster(kubeconfig, started);
        // Several JVMs (parallel Maven runs, worktrees) may share the cluster: each registers itself, and the last
        // one out stops the cluster if a test JVM started it.
        Path users = usersDir();
        Path me = users.resolve(Long.toString(ProcessHandle.current().pid()));
        Path startedMarker = users.resolve(STARTED_MARKER);
        try {
            Files.createDirectories(users);
            Files.writeString(me, "");
            if (started && !"1".equals(System.getenv(KEEP_ENV))) {
                Files.writeString(startedMarker, Long.toString(ProcessHandle.current().pid()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register in " + users, e);
        }
        if (started && "1".equals(System.getenv(KEEP_ENV))) {
            log(KEEP_ENV + "=1: the cluster keeps running after the tests; stop it with make cluster-down");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> leave(projectDir, users, me, startedMarker),
                "local-cluster-down"));
        return cluster;
    }

    private static void leave(Path projectDir, Path users, Path me, Path startedMarker) {
        try {
            Files.deleteIfExists(me);
            List<Long> others = new ArrayList<>();
            try (var files = Files.list(users)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (!name.matches("[0-9]+")) {
                        continue;
                    }
                    long pid = Long.parseLong(name);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        others.add(pid);
                    } else {
                        Files.deleteIfExists(f); // a JVM that died without its shutdown hooks
                    }
                }
            }
            if (!others.isEmpty() || !Files.exists(startedMarker)) {
                return;
            }
            Files.deleteIfExists(startedMarker);
        } catch (IOException e) {
            System.err.println("[local-cluster] cannot update " + users + ": " + e);
            return;
        }
        stop(projectDir);
    }

    private static Path usersDir() {
        String cache = System.getenv("E2E_CACHE_DIR");
        Path base = isBlank(cache) ? Paths.get(System.getProperty("user.home"), ".cache", "e2e-operator")
                : Paths.get(cache);
        String name = System.getenv("E2E_CLUSTER_NAME");
        return base.resolve("cluster-users").resolve(isBlank(name) ? "e2e-operator" : name);
    }

    private static void stop(Path projectDir) {
        Path down = projectDir.resolve("hack/cluster/down.sh");
        try {
            // The console may already be gone at JVM exit: keep down.sh's output in a file.
            Path logFile = projectDir.resolve("target/cluster-down.log");
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(down.toString()).directory(projectDir.toFile())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("[local-cluster] cannot run " + down + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path projectDir() {
        String configured = System.getProperty(PROJECT_DIR_PROPERTY);
        if (!isBlank(configured)) {
            return Paths.get(configured).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("hack/cluster/up.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find hack/cluster/up.sh above " + Paths.get("").toAbsolutePath()
                + "; set -D" + PROJECT_DIR_PROPERTY + "=<project dir> or " + KUBECONFIG_ENV);
    }

    private static Thread pump(InputStream in, PrintStream to, List<String> collect) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    to.println(line);
                    if (collect != null) {
                        collect.add(line);
                    }
                }
            } catch (IOException e) {
                to.println("[local-cluster] lost output of up.sh: " + e);
            }
        }, "local-cluster-up-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void log(String message) {
        System.out.println("[local-cluster] " + message);
    }
}
