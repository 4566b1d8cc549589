package dev.folioscope.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The application as its own process, started from the jar the build just packaged, as
 * {@code java -jar} starts it: for tests that stop the server and start it again on the same
 * database, which a Spring test context (one per JVM, cached) cannot do.
 */
public final class AppProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * start() - run the packaged jar on a port with extra Spring properties, and wait until it answers.
     *
     * @param port the port to listen on (a restart passes the same one, so links stay the same)
     * @param properties {@code name=value} pairs, passed as {@code --name=value}
     * @return the running application
     * @throws IllegalStateException when it exits or does not answer within two minutes, with its log
     */
    public static AppProcess start(int port, List<String> properties) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx768m", "-jar", jar().toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        properties.forEach(p -> cmd.add("--" + p));
        try {
            Path log = Files.createTempFile("folioscope-app", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("VAADIN_USAGE_STATS_ENABLED", "false");
            AppProcess app = new AppProcess(pb.start(), log, port);
            app.awaitAnswer();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nobody listens on now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The absolute URL of a path ("/s/...") on this application. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void awaitAnswer() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url("/"))).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("the application did not answer within " + START_TIMEOUT + ":\n" + log());
    }

    /** Stops the application as a service manager does (SIGTERM, which Spring Boot shuts down on), and waits. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String log() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("folioscope-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-sources.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/folioscope-*.jar: the browser tests run"
                            + " after `package`"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
