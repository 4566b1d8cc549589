package dev.folioscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The host kernel's side of {@code bench --faults}: compiles bench/touch.c with the machine's gcc,
 * runs it for the same number of write faults and reads its faults per second. Nothing of this
 * is a test: when gcc is missing or the program fails, there is simply no host figure.
 */
final class HostTouch {
    private HostTouch() {
    }

    static OptionalDouble run(int faults) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("folioscope-touch");
            Path src = dir.resolve("touch.c");
            try (InputStream in = HostTouch.class.getResourceAsStream("/bench/touch.c")) {
                Files.write(src, in.readAllBytes());
            }
            Path exe = dir.resolve("touch");
            if (!exec(dir, "gcc", "-O2", "-o", exe.toString(), src.toString()).isEmpty()) {
                String out = exec(dir, exe.toString(), Integer.toString(faults));
                String[] fields = out.strip().split(" ");
                if (fields.length == 3) {
                    return OptionalDouble.of(Double.parseDouble(fields[2]));
                }
            }
            return OptionalDouble.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    /** Runs a command; its standard output, "" on failure (and "ok" for a silent success). */
    private static String exec(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return "";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        return out.isEmpty() ? "ok" : out;
    }
}
