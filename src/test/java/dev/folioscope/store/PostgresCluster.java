package dev.folioscope.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A throw-away PostgreSQL cluster for the tests that run against PostgreSQL as well as H2: Debian's
 * server binaries ({@code /usr/lib/postgresql/<version>/bin}, the {@code postgresql} package), a
 * cluster in a temporary directory with trust authentication, listening on 127.0.0.1 on a free
 * port, stopped and deleted when the test JVM exits. Each Spring context gets its own database in
 * it ({@link #newDatabaseUrl()}), as each gets its own H2 files.
 *
 * <p>initdb refuses to run as root; as root the cluster runs as Debian's {@code postgres} user
 * (through {@code runuser}). Without the binaries the tests are skipped, saying why
 * ({@link Condition}); with them, a cluster that does not start fails the tests with its log.
 * {@code -Dfolioscope.test.postgres=off} skips them on purpose.
 */
public final class PostgresCluster {
    /** Superuser the cluster is made with; trust authentication, no password. */
    public static final String USER = "folioscope";
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static PostgresCluster shared;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.asPostgresUser = root();
        this.dir = Files.createTempDirectory("folioscope-pg");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        if (asPostgresUser) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        Path data = dir.resolve("data");
        run(command("initdb", "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale"));
        run(command("pg_ctl", "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    /**
     * binaries() - the newest Debian PostgreSQL server's bin directory.
     *
     * @return the directory holding initdb and pg_ctl, or empty when none is installed.
     */
    static Optional<Path> binaries() {
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * runuser() - util-linux's runuser, found where Debian puts it rather than on the PATH, which a
     * bare environment (PATH=/usr/bin:/bin) leaves /usr/sbin out of.
     *
     * @return its path, or empty when it is in none of those places
     */
    static Optional<Path> runuser() {
        return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser").map(Path::of)
                .filter(Files::isExecutable).findFirst();
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The cluster of this JVM, started on first use. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            Path bin = binaries().orElseThrow(() -> new IllegalStateException(Condition.ABSENT));
            try {
                shared = new PostgresCluster(bin);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    /**
     * newDatabaseUrl() - a new, empty database in the cluster.
     *
     * @return its JDBC URL; user {@link #USER}, no password.
     */
    public String newDatabaseUrl() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    /**
     * usedBy() - point a Spring test context at a new database of the shared cluster.
     *
     * @param registry the context's {@code @DynamicPropertySource} registry
     */
    public static void usedBy(DynamicPropertyRegistry registry) {
        String url = shared().newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> "");
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private List<String> command(String program, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of(runuser().orElseThrow(() -> new IllegalStateException(Condition.NO_RUNUSER))
                    .toString(), "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("folioscope-pg", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                String log = Files.isRegularFile(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
                throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + log);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private void stop() {
        try {
            run(command("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        } catch (IOException | RuntimeException e) {
            // already gone: the directory is deleted all the same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /**
     * Runs a test class only where PostgreSQL can be had, and otherwise reports it skipped with the
     * reason (never passed): use with {@code @ExtendWith(PostgresCluster.Condition.class)}.
     */
    public static final class Condition implements ExecutionCondition {
        static final String ABSENT = "PostgreSQL is not installed (no initdb and pg_ctl under"
                + " /usr/lib/postgresql/*/bin): apt-get install postgresql to run these tests against it too";
        static final String NO_RUNUSER = "PostgreSQL's initdb refuses to run as root, and runuser (util-linux),"
                + " which would run it as the postgres user, is not in /usr/sbin, /sbin, /usr/bin or /bin";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(
                ExtensionContext context) {
            if ("off".equals(System.getProperty("folioscope.test.postgres"))) {
                return ConditionEvaluationResult
                        .disabled("PostgreSQL tests switched off (-Dfolioscope.test.postgres=off)");
            }
            if (binaries().isEmpty()) {
                return ConditionEvaluationResult.disabled(ABSENT);
            }
            if (root() && runuser().isEmpty()) {
                return ConditionEvaluationResult.disabled(NO_RUNUSER);
            }
            return ConditionEvaluationResult.enabled("PostgreSQL at " + binaries().get());
        }
    }
}
