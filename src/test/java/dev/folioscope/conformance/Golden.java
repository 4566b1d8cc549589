package dev.folioscope.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A golden file of the conformance kit (src/test/resources/conformance/README.md): its first
 * line names the kernel; a line that differed between the runs recorded lists every version seen,
 * joined by " || ". A simulated line matches a golden one if it equals it or one of its versions,
 * and the two must have as many lines.
 */
final class Golden {
    private final String name;
    private final List<String> lines;

    private Golden(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
    }

    static Golden load(String caseName) throws IOException {
        String resource = "/conformance/" + caseName + ".golden.txt";
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource);
            }
            List<String> all = new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .split("\n")));
            if (!all.getFirst().startsWith("# kernel ")) {
                throw new IOException(resource + " does not start with its kernel version");
            }
            all.removeFirst();
            return new Golden(caseName, all);
        }
    }

    /**
     * The differences between the simulator's output and this golden, as "line N: golden ... /
     * simulated ..." lines; empty when they match.
     */
    List<String> diff(String simulated) {
        List<String> sim = List.of(simulated.split("\n"));
        List<String> out = new ArrayList<>();
        int n = Math.max(sim.size(), lines.size());
        for (int i = 0; i < n; i++) {
            String g = i < lines.size() ? lines.get(i) : "(end)";
            String s = i < sim.size() ? sim.get(i) : "(end)";
            if (!matches(g, s)) {
                out.add(name + ".golden.txt line " + (i + 2) + ":\n  golden:    " + g + "\n  simulated: " + s);
            }
        }
        return out;
    }

    private static boolean matches(String golden, String line) {
        for (String version : golden.split(" \\|\\| ")) {
            if (version.equals(line)) {
                return true;
            }
        }
        return false;
    }
}
