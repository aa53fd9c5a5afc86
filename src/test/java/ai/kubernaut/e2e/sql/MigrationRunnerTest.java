package ai.kubernaut.e2e.sql;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code src/main/resources/migrations/goose-up.sh} (what the operator's migrations Job runs
 * in the PostgreSQL image) with {@code sh}, {@code dash} and {@code busybox sh} against a real
 * PostgreSQL server ({@link LocalPostgres}), each invocation in a fresh database, with the
 * migration files laid out the way a ConfigMap volume is ({@code ..data} symlinks).
 */
@Tag("sql")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MigrationRunnerTest {

    private static final Path SCRIPT = Path.of("src/main/resources/migrations/goose-up.sh").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private static LocalPostgres.Server pg;
    /** What the script gets as PGPASSWORD; must never show up in its output. */
    private static String password;

    @TempDir
    Path tmp;

    private String db;
    private ConfigMapDir migrations;
    private final AtomicInteger runs = new AtomicInteger();

    /** A shell to run the script with, e.g. [sh] or [busybox, sh]. */
    record Shell(List<String> command) {
        @Override
        public String toString() {
            return String.join(" ", command);
        }
    }

    static Stream<Shell> shells() {
        List<Shell> shells = new ArrayList<>();
        shells.add(new Shell(List.of("sh")));
        Path dash = Path.of("/usr/bin/dash");
        if (Files.isExecutable(dash) && !realPath(Path.of("/bin/sh")).equals(realPath(dash))) {
            shells.add(new Shell(List.of(dash.toString())));
        }
        onPath("busybox").ifPresent(busybox -> shells.add(new Shell(List.of(busybox.toString(), "sh"))));
        return shells.stream();
    }

    @BeforeAll
    static void server() {
        assertTrue(Files.isReadable(SCRIPT), "missing " + SCRIPT);
        pg = LocalPostgres.get();
        password = pg.password() != null
                ? pg.password()
                : "pw-" + LocalPostgres.randomDatabaseName("never-printed");
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        db = LocalPostgres.randomDatabaseName("mig");
        createDatabase(db);
        migrations = new ConfigMapDir(tmp.resolve("migrations"));
    }

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = pg.connect(pg.adminDatabase()); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + db + " with (force)");
        }
    }

    // ------------------------------------------------------------------------- tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void appliesFilesInNumericOrderOfTheirVersion(Shell shell) throws Exception {
        // Lexicographic order would be 001, 010, 022, 1000, 2, 9; the log and the
        // dependencies (022 alters 010's table, 1000 uses 022's column) catch that.
        Map<String, String> files = new LinkedHashMap<>();
        files.put("1000_y.sql", "insert into t10 (x, y) values (1, 2);\ninsert into apply_log (file) values ('1000');\n");
        files.put("022_x.sql", "alter table t10 add column y int;\ninsert into apply_log (file) values ('22');\n");
        files.put("9_ninth.sql", "insert into apply_log (file) values ('9');\n");
        files.put("010_tenth.sql", "create table t10 (x int);\ninsert into apply_log (file) values ('10');\n");
        files.put("2_second.sql", "insert into apply_log (file) values ('2')");  // no trailing ; or newline
        files.put("001_init.sql", "create table apply_log (id serial primary key, file text not null);\n"
                + "insert into apply_log (file) values ('1');\n");
        files.put("README.md", "not sql; must be ignored\n");
        files.put("notes.sql.txt", "drop table apply_log;\n");
        migrations.write(files);

        Result r = run(shell);

        r.assertSucceeded();
        assertEquals(List.of("1", "2", "9", "10", "22", "1000"), strings("select file from apply_log order by id"));
        assertEquals(List.of("1:2"), strings("select x || ':' || y from t10"));
        assertEquals(List.of("0", "1", "2", "9", "10", "22", "1000"),
                strings("select version_id from goose_db_version where is_applied order by id"));
        assertEquals(List.of("001_init.sql", "2_second.sql", "9_ninth.sql", "010_tenth.sql", "022_x.sql", "1000_y.sql"),
                r.appliedFiles());
        assertEquals("applied 6, skipped 0, latest version 1000", r.terminationLog().strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void runsOnlyTheUpPartOfAnnotatedFiles(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_widgets.sql", """
                        -- Widgets: the text before the Up annotation is not run either.
                        -- +goose Up
                        create table widgets (id int primary key);
                        insert into widgets values (1);

                        -- +goose Down
                        drop table widgets;
                        create table down_ran (x int);
                        """,
                "002_more.sql", """
                        create table before_up_ran (x int);
                        --   +goose up
                        insert into widgets values (2);
                        --+goose DOWN
                        delete from widgets;
                        create table down_ran_too (x int);
                        """));

        Result r = run(shell);

        r.assertSucceeded();
        assertEquals(List.of("1", "2"), strings("select id from widgets order by id"));
        assertFalse(tableExists("down_ran"), "the Down part of 001 ran");
        assertFalse(tableExists("down_ran_too"), "the Down part of 002 ran");
        assertFalse(tableExists("before_up_ran"), "the lines before -- +goose Up in 002 ran");
        assertEquals(List.of("1", "2"), strings("select version_id from goose_db_version where version_id > 0 order by id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void skipsFilesAlreadyApplied(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_create.sql", "create table once (id int);\ninsert into once values (1);\n",
                "002_more.sql", "-- +goose Up\ninsert into once values (2);\n"));
        run(shell).assertSucceeded();

        Result second = run(shell);

        second.assertSucceeded();
        assertEquals(List.of(), second.appliedFiles());
        assertTrue(second.stdout().contains("skipped 001_create.sql"), second.describe());
        assertTrue(second.stdout().contains("skipped 002_more.sql"), second.describe());
        assertEquals("applied 0, skipped 2, latest version 2", second.terminationLog().strip());
        assertEquals(List.of("1", "2"), strings("select id from once order by id"));
        assertEquals(List.of("0:1", "1:1", "2:1"),
                strings("select version_id || ':' || count(*) from goose_db_version group by version_id order by version_id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void theLatestRowOfAVersionDecidesLikeGoose(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_create.sql", "create table once (id int);\n",
                "002_more.sql", "insert into once values (2);\n"));
        run(shell).assertSucceeded();
        // What `goose down` leaves behind for version 2.
        execute("delete from once where id = 2",
                "insert into goose_db_version (version_id, is_applied) values (2, false)");

        Result r = run(shell);

        r.assertSucceeded();
        assertEquals(List.of("002_more.sql"), r.appliedFiles());
        assertEquals(List.of("2"), strings("select id from once"));
        assertEquals("applied 1, skipped 1, latest version 2", r.terminationLog().strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void concurrentRunsApplyEachFileExactlyOnce(Shell shell) throws Exception {
        // Two Jobs at once (e.g. a retry overlapping a slow pod): goose's advisory lock plus
        // the re-check inside it must keep the non-idempotent files from running twice.
        // Whatever the interleaving, these invariants hold; without the re-check the
        // second runner usually fails on "relation already exists".
        int count = 12;
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            files.put(String.format("%03d_t%d.sql", i, i), "create table t" + i + " (x int);\n"
                    + "insert into t" + i + " values (" + i + ");\n");
        }
        migrations.write(files);

        Started a = start(shell, Map.of());
        Started b = start(shell, Map.of());
        Result ra = a.finish();
        Result rb = b.finish();

        ra.assertSucceeded();
        rb.assertSucceeded();
        assertEquals(count, ra.appliedFiles().size() + rb.appliedFiles().size(), ra.describe() + rb.describe());
        for (int i = 1; i <= count; i++) {
            assertEquals(List.of(String.valueOf(i)), strings("select x from t" + i));
        }
        assertEquals(List.of(String.valueOf(count + 1)),
                strings("select count(distinct version_id) from goose_db_version"));
        assertEquals(List.of(String.valueOf(count + 1)), strings("select count(*) from goose_db_version"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void appliesOnlyAFileAddedLater(Shell shell) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("001_create.sql", "create table items (id int primary key);\n");
        files.put("002_fill.sql", "insert into items values (1);\n");
        migrations.write(files);
        run(shell).assertSucceeded();

        files.put("003_more.sql", "-- +goose Up\ninsert into items values (3);\n-- +goose Down\ndelete from items;\n");
        migrations.write(files); // a ConfigMap update: new ..data generation

        Result r = run(shell);

        r.assertSucceeded();
        assertEquals(List.of("003_more.sql"), r.appliedFiles());
        assertEquals(List.of("1", "3"), strings("select id from items order by id"));
        assertEquals("applied 1, skipped 2, latest version 3", r.terminationLog().strip());
        assertEquals(List.of("0", "1", "2", "3"), strings("select version_id from goose_db_version order by id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void appliesAnOlderFileThatWasNeverApplied(Shell shell) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("001_create.sql", "create table items (id int primary key);\n");
        files.put("005_fill.sql", "insert into items values (5);\n");
        migrations.write(files);
        run(shell).assertSucceeded();

        files.put("003_late.sql", "insert into items values (3);\n");
        files.put("010_new.sql", "insert into items values (10);\n");
        migrations.write(files);

        Result r = run(shell);

        r.assertSucceeded();
        assertEquals(List.of("003_late.sql", "010_new.sql"), r.appliedFiles());
        assertEquals(List.of("3", "5", "10"), strings("select id from items order by id"));
        assertEquals("applied 2, skipped 2, latest version 10", r.terminationLog().strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void stopsAtTheFirstFailingFileAndRollsItBack(Shell shell) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("001_ok.sql", "create table ok_table (x int);\n");
        files.put("002_bad.sql", """
                -- +goose Up
                create table partial_table (x int);
                insert into partial_table values (1);
                insert into missing_table values (1);
                -- +goose Down
                drop table partial_table;
                """);
        files.put("003_after.sql", "create table after_table (x int);\n");
        migrations.write(files);

        Result r = run(shell);

        assertNotEquals(0, r.exitCode(), r.describe());
        String expected = "migration 002_bad.sql failed: ERROR:  relation \"missing_table\" does not exist";
        assertTrue(r.terminationLog().startsWith(expected + "\n"), r.describe());
        assertTrue(r.terminationLog().contains("(statement ending at line 4 of 002_bad.sql)"), r.describe());
        assertTrue(r.stderr().contains(expected), r.describe());
        assertTrue(tableExists("ok_table"), "001 should have been applied");
        assertFalse(tableExists("partial_table"), "the failing file's first statements were not rolled back");
        assertFalse(tableExists("after_table"), "a file after the failing one was applied");
        assertEquals(List.of("0", "1"), strings("select version_id from goose_db_version order by id"));
        assertFalse(r.stdout().contains("003_after.sql"), r.describe());

        // Fixed in a later ConfigMap generation, the run resumes at the failed file.
        files.put("002_bad.sql", "create table partial_table (x int);\n");
        migrations.write(files);
        Result fixed = run(shell);
        fixed.assertSucceeded();
        assertEquals(List.of("002_bad.sql", "003_after.sql"), fixed.appliedFiles());
        assertEquals("applied 2, skipped 1, latest version 3", fixed.terminationLog().strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void runsStatementBeginEndBlocksWithPlpgsqlFunctionsAndTriggers(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_orders.sql", """
                        -- +goose Up
                        create table orders (
                          id int primary key,
                          amount numeric not null,
                          status text not null default 'new',
                          changes int not null default 0
                        );

                        -- +goose StatementBegin
                        create or replace function orders_track_change() returns trigger
                        language plpgsql as $$
                        begin
                          -- semicolons; inside the body must not split it
                          if tg_op = 'UPDATE' then
                            new.changes := old.changes + 1;
                          end if;
                          if new.amount < 0 then
                            raise exception 'negative amount; got %', new.amount;
                          end if;
                          return new;
                        end;
                        $$;
                        -- +goose StatementEnd

                        -- +goose StatementBegin
                        create trigger orders_track_change
                          before insert or update on orders
                          for each row execute function orders_track_change();
                        -- +goose StatementEnd

                        -- +goose Down
                        -- +goose StatementBegin
                        drop trigger orders_track_change on orders;
                        drop function orders_track_change();
                        -- +goose StatementEnd
                        drop table orders;
                        """,
                "002_use.sql", """
                        -- +goose Up
                        insert into orders (id, amount) values (1, 10);
                        update orders set status = 'paid' where id = 1;
                        update orders set status = 'shipped' where id = 1;
                        -- +goose Down
                        delete from orders;
                        """));

        Result r = run(shell);

        r.assertSucceeded();
        assertEquals(List.of("shipped:2"), strings("select status || ':' || changes from orders"));
        SQLException rejected = assertThrows(SQLException.class,
                () -> execute("insert into orders (id, amount) values (2, -1)"));
        assertTrue(rejected.getMessage().contains("negative amount; got -1"), rejected.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void rejectsDuplicateVersionsBeforeApplyingAnything(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_a.sql", "create table a (x int);\n",
                "1_b.sql", "create table b (x int);\n",
                "002_c.sql", "create table c (x int);\n"));

        Result r = run(shell);

        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.terminationLog().contains("duplicate migration versions: 001_a.sql and 1_b.sql (version 1)"),
                r.describe());
        assertTrue(r.stderr().contains("001_a.sql and 1_b.sql"), r.describe());
        assertFalse(tableExists("goose_db_version"), "touched the database");
        assertFalse(tableExists("a") || tableExists("b") || tableExists("c"), "applied a migration");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void rejectsSqlFilesWithoutAVersion(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_a.sql", "create table a (x int);\n",
                "schema.sql", "create table s (x int);\n"));

        Result r = run(shell);

        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.terminationLog().contains("'schema.sql' does not start with <version>_"), r.describe());
        assertFalse(tableExists("a"), "applied a migration");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void honoursNoTransactionForConcurrentIndexBuilds(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_events.sql", "create table events (id int, kind text);\n",
                "002_index.sql", """
                        -- +goose NO TRANSACTION
                        -- +goose Up
                        create index concurrently events_kind_idx on events (kind);
                        -- +goose Down
                        drop index concurrently events_kind_idx;
                        """));

        Result r = run(shell);

        r.assertSucceeded();
        assertTrue(tableExists("events_kind_idx"), "index missing");
        assertEquals(List.of("0", "1", "2"), strings("select version_id from goose_db_version order by id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void createsTheRangePartitionedAuditEventsTable(Shell shell) throws Exception {
        migrations.write(Map.of(
                "001_init.sql", "create table schema_info (name text primary key);\n",
                "014_audit_events.sql", """
                        -- +goose Up
                        create table audit_events (
                          event_id uuid not null default gen_random_uuid(),
                          event_date date not null,
                          event_timestamp timestamptz not null default now(),
                          event_type text not null,
                          correlation_id text,
                          event_data jsonb not null default '{}'::jsonb,
                          primary key (event_id, event_date)
                        ) partition by range (event_date);

                        -- +goose StatementBegin
                        do $$
                        declare
                          partition_start date := date '2025-01-01';
                        begin
                          while partition_start < date '2026-01-01' loop
                            execute format(
                              'create table %I partition of audit_events for values from (%L) to (%L)',
                              'audit_events_' || to_char(partition_start, 'YYYY_MM'),
                              partition_start, (partition_start + interval '1 month')::date);
                            partition_start := (partition_start + interval '1 month')::date;
                          end loop;
                        end
                        $$;
                        -- +goose StatementEnd

                        create index idx_audit_events_type_date on audit_events (event_type, event_date);
                        create index idx_audit_events_data on audit_events using gin (event_data);

                        -- +goose Down
                        drop table if exists audit_events cascade;
                        """));

        Result r = run(shell);

        r.assertSucceeded();
        assertEquals(List.of("p"), strings("select relkind::text from pg_class where relname = 'audit_events'"));
        assertEquals(List.of("range:event_date"), strings("""
                select case p.partstrat when 'r' then 'range' else p.partstrat::text end || ':' || a.attname
                from pg_partitioned_table p
                join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
                where p.partrelid = 'audit_events'::regclass"""));
        List<String> expected = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            expected.add(String.format("audit_events_2025_%02d", month));
        }
        assertEquals(expected, strings(
                "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                        + "where i.inhparent = 'audit_events'::regclass order by c.relname"));
        assertEquals(List.of("FOR VALUES FROM ('2025-03-01') TO ('2025-04-01')"),
                strings("select pg_get_expr(relpartbound, oid) from pg_class where relname = 'audit_events_2025_03'"));
        execute("insert into audit_events (event_date, event_type) values ('2025-03-15', 'workflow.started')");
        assertEquals(List.of("audit_events_2025_03"), strings("select tableoid::regclass::text from audit_events"));
        assertThrows(SQLException.class,
                () -> execute("insert into audit_events (event_date, event_type) values ('2027-01-01', 'too.late')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void waitsForTheDatabaseToAcceptConnections(Shell shell) throws Exception {
        dropDatabase(); // the server is up but the database is not there yet
        migrations.write(Map.of("001_init.sql", "create table t (x int);\n"));

        Started started = start(shell, Map.of("CONNECT_TIMEOUT_SECONDS", "90"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.readString(started.stdout()).contains("waiting up to 90s for database " + db));
        assertTrue(started.process().isAlive(), "gave up before the database existed");
        createDatabase(db);
        Result r = started.finish();

        r.assertSucceeded();
        assertTrue(tableExists("t"));
        assertEquals("applied 1, skipped 0, latest version 1", r.terminationLog().strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void failsWhenTheServerDoesNotAnswerInTime(Shell shell) throws Exception {
        migrations.write(Map.of("001_init.sql", "create table t (x int);\n"));
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Result r = run(shell, Map.of("PGPORT", String.valueOf(closedPort), "CONNECT_TIMEOUT_SECONDS", "1"));

        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.terminationLog().startsWith("cannot connect to database " + db + " at "), r.describe());
        assertTrue(r.terminationLog().contains("within 1s"), r.describe());
        assertFalse(tableExists("t"));
    }

    // ------------------------------------------------------------------ running it

    record Result(int exitCode, String stdout, String stderr, String terminationLog) {
        /** Files the script reports as applied, in order. */
        List<String> appliedFiles() {
            return stdout.lines()
                    .filter(l -> l.matches("goose-up: applied \\S+\\.sql"))
                    .map(l -> l.substring("goose-up: applied ".length()))
                    .toList();
        }

        void assertSucceeded() {
            assertAll(
                    () -> assertEquals(0, exitCode, describe()),
                    () -> assertTrue(stdout.contains("goose-up: applied "), describe()));
        }

        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr
                    + "--- termination log\n" + terminationLog;
        }
    }

    record Started(Process process, Path stdout, Path stderr, Path terminationLog) {
        Result finish() throws Exception {
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("goose-up.sh did not finish in " + RUN_TIMEOUT + ":\n"
                        + Files.readString(stdout) + Files.readString(stderr));
            }
            Result r = new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr),
                    Files.exists(terminationLog) ? Files.readString(terminationLog) : "");
            for (String output : List.of(r.stdout(), r.stderr(), r.terminationLog())) {
                assertFalse(output.contains(password), "the password was printed:\n" + r.describe());
            }
            return r;
        }
    }

    private Result run(Shell shell) throws Exception {
        return run(shell, Map.of());
    }

    private Result run(Shell shell, Map<String, String> env) throws Exception {
        return start(shell, env).finish();
    }

    private Started start(Shell shell, Map<String, String> env) throws IOException {
        int n = runs.incrementAndGet();
        Path out = tmp.resolve("run" + n + ".out");
        Path err = tmp.resolve("run" + n + ".err");
        Path termination = tmp.resolve("run" + n + ".termination-log");
        Path scratch = Files.createDirectories(tmp.resolve("scratch" + n));
        List<String> command = new ArrayList<>(shell.command());
        command.add(SCRIPT.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("PG"));
        e.put("PGHOST", pg.host());
        e.put("PGPORT", String.valueOf(pg.port()));
        e.put("PGUSER", pg.user());
        e.put("PGPASSWORD", password);
        e.put("PGDATABASE", db);
        e.put("MIGRATIONS_DIR", migrations.root().toString());
        e.put("TERMINATION_LOG", termination.toString());
        e.put("CONNECT_TIMEOUT_SECONDS", "30");
        e.put("TMPDIR", scratch.toString());
        e.putAll(env);
        return new Started(pb.start(), out, err, termination);
    }

    // ----------------------------------------------------------------- database

    private static void createDatabase(String name) throws SQLException {
        try (Connection c = pg.connect(pg.adminDatabase()); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private boolean tableExists(String name) throws SQLException {
        return strings("select to_regclass('" + name + "') is not null").equals(List.of("t"));
    }

    // ------------------------------------------------------------------- helpers

    /**
     * A directory laid out like a ConfigMap volume: the files live in {@code ..<generation>/},
     * {@code ..data} points at the current generation, and each file name is a symlink through
     * {@code ..data}. {@link #write} publishes a new generation the way the kubelet does.
     */
    static final class ConfigMapDir {
        private final Path root;
        private int generation;

        ConfigMapDir(Path root) throws IOException {
            this.root = Files.createDirectories(root);
        }

        Path root() {
            return root;
        }

        void write(Map<String, String> files) throws IOException {
            generation++;
            Path gen = Files.createDirectory(root.resolve(String.format("..2026_01_01_00_00_%02d.%09d", generation, generation)));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(gen.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            Path tmpLink = root.resolve("..data_tmp");
            Files.deleteIfExists(tmpLink);
            Files.createSymbolicLink(tmpLink, gen.getFileName());
            Files.move(tmpLink, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> entries = Files.list(root)) {
                for (Path link : entries.toList()) {
                    String name = link.getFileName().toString();
                    if (!name.startsWith("..") && Files.isSymbolicLink(link) && !files.containsKey(name)) {
                        Files.delete(link); // a key removed from the ConfigMap
                    }
                }
            }
            for (String name : files.keySet()) {
                Path link = root.resolve(name);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of("..data", name));
                }
            }
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return java.util.Optional.empty();
        }
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
