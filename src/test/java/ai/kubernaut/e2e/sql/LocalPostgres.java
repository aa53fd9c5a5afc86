package ai.kubernaut.e2e.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server the "sql" tests run against.
 *
 * <p>If {@code PGHOST} is set (environment, or a system property of the same name), that server is
 * used with {@code PGPORT} (default 5432), {@code PGUSER} (default postgres) and {@code PGPASSWORD}.
 * Otherwise a private server is started from Debian's binaries ({@code
 * /usr/lib/postgresql/<version>/bin}, newest version; {@code PG_BIN_DIR} overrides) in a fresh
 * directory under {@code target/}, listening on 127.0.0.1 on a free port with trust authentication
 * and no Unix socket, and stopped (and deleted) when the JVM exits. initdb refuses to run as root,
 * so as root the server runs as the {@code postgres} user (or {@code nobody}) through {@code
 * runuser}, and its directory is handed to that user. {@code hack/postgres.sh} installs the
 * binaries.
 */
public final class LocalPostgres {

    /** Connection settings of a running server; {@code password} may be null (trust auth). */
    public record Server(String host, int port, String user, String password, boolean privateServer) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public Connection connect(String database) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            if (password != null) {
                props.setProperty("password", password);
            }
            props.setProperty("connectTimeout", "10");
            return DriverManager.getConnection(jdbcUrl(database), props);
        }

        /** The database to connect to for creating and dropping others. */
        public String adminDatabase() {
            String configured = setting("PGADMINDATABASE");
            return configured != null ? configured : "postgres";
        }
    }

    private static Server server;

    private LocalPostgres() {}

    /** The configured server, or a private one started on first use. */
    public static synchronized Server get() {
        if (server == null) {
            String host = setting("PGHOST");
            if (host != null && !host.isBlank()) {
                String port = setting("PGPORT");
                String user = setting("PGUSER");
                server = new Server(
                        host,
                        port == null ? 5432 : Integer.parseInt(port),
                        user == null ? "postgres" : user,
                        setting("PGPASSWORD"),
                        false);
            } else {
                server = startPrivateServer();
            }
        }
        return server;
    }

    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            value = System.getenv(name);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    // ------------------------------------------------------------------ private server

    private static Server startPrivateServer() {
        Path bin = findBinDir();
        boolean root = isRoot();
        String runAs = root ? pickUnprivilegedUser() : null;
        Path base = createBaseDir(runAs);
        Path data = base.resolve("data");
        Path log = base.resolve("server.log");

        exec(runAs, base.resolve("initdb.out"), 120,
                bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");

        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            String options = "-p " + port + " -h 127.0.0.1 -c unix_socket_directories=''"
                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                    + " -c max_connections=60";
            try {
                exec(runAs, base.resolve("pg_ctl-start.out"), 120,
                        bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(),
                        "-w", "-t", "60", "-o", options, "start");
            } catch (UncheckedIOException e) {
                // Most likely the port was taken between choosing and binding it: try another.
                lastFailure = e.getCause();
                continue;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, runAs, base, data),
                    "local-postgres-stop"));
            return new Server("127.0.0.1", port, "postgres", null, true);
        }
        throw new IllegalStateException("could not start PostgreSQL in " + base + "; see "
                + log + ": " + tail(log), lastFailure);
    }

    private static void stop(Path bin, String runAs, Path base, Path data) {
        try {
            exec(runAs, base.resolve("pg_ctl-stop.out"), 60,
                    bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException e) {
            System.err.println("LocalPostgres: stopping the server failed: " + e.getMessage());
            return; // keep the directory for a look at server.log
        }
        deleteRecursively(base);
    }

    private static Path findBinDir() {
        String configured = setting("PG_BIN_DIR");
        if (configured != null) {
            return requireBinDir(Path.of(configured));
        }
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                for (Path version : versions) {
                    if (version.getFileName().toString().matches("\\d+(\\.\\d+)?")
                            && Files.isExecutable(version.resolve("bin/initdb"))
                            && Files.isExecutable(version.resolve("bin/pg_ctl"))) {
                        candidates.add(version);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getFileName().toString())))
                .map(p -> p.resolve("bin"))
                .orElseThrow(() -> new IllegalStateException(
                        "no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin and PGHOST is "
                                + "not set: run hack/postgres.sh (or set PGHOST/PGPORT/PGUSER/PGPASSWORD)"));
    }

    private static Path requireBinDir(Path bin) {
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("PG_BIN_DIR " + bin + " has no initdb/pg_ctl");
        }
        return bin;
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String pickUnprivilegedUser() {
        if (!Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))
                && !Files.isExecutable(Path.of("/usr/bin/runuser"))) {
            throw new IllegalStateException("running as root without runuser: cannot start PostgreSQL");
        }
        for (String user : List.of("postgres", "nobody")) {
            if (userExists(user)) {
                return user;
            }
        }
        throw new IllegalStateException("running as root and neither user postgres nor nobody exists");
    }

    private static boolean userExists(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A new directory under target/ (or, when the server's user cannot reach it, under the system
     * temp dir), owned by the user the server runs as.
     */
    private static Path createBaseDir(String runAs) {
        List<Path> parents = new ArrayList<>();
        parents.add(Path.of("target").toAbsolutePath());
        parents.add(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        List<String> problems = new ArrayList<>();
        for (Path parent : parents) {
            Path dir = null;
            try {
                Files.createDirectories(parent);
                dir = Files.createTempDirectory(parent, "localpg-");
                if (runAs != null) {
                    exec(null, null, 30, "chown", runAs, dir.toString());
                    // Can the server's user reach and write it (every ancestor searchable)?
                    exec(runAs, null, 30, "test", "-w", dir.toString(), "-a", "-x", dir.toString());
                }
                return dir;
            } catch (IOException | RuntimeException e) {
                problems.add(parent + ": " + e.getMessage());
                if (dir != null) {
                    deleteRecursively(dir);
                }
            }
        }
        throw new IllegalStateException("no usable directory for a private PostgreSQL server: " + problems);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command (as {@code runAs} through runuser when not null), output to {@code output} or
     * discarded; throws UncheckedIOException when it fails or times out.
     */
    private static void exec(String runAs, Path output, long timeoutSeconds, String... command) {
        List<String> argv = new ArrayList<>();
        if (runAs != null) {
            argv.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("LC_ALL", "C");
        if (runAs != null) {
            // The user's home may be unreadable; the commands use absolute paths only.
            pb.directory(Path.of("/").toFile());
        }
        Path out = output;
        try {
            if (out == null) {
                out = Files.createTempFile("localpg-exec", ".out");
            }
            pb.redirectOutput(out.toFile());
            Process process = pb.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish in " + timeoutSeconds + "s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", argv) + " exited with " + process.exitValue() + ": "
                        + tail(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output == null && out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** A database name nobody else uses. */
    public static String randomDatabaseName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
