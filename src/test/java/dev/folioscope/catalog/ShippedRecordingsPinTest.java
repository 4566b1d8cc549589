package dev.folioscope.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.recording.Event;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Like rr's compare tests: every shipped scenario's recording is pinned — its number of events, a
 * hash of every field of every event, and the digest of the final kernel state — for the kernel
 * model version in force ({@code src/test/resources/pins/model-N.txt}). These numbers are not
 * worked out by hand: they make a change of the model's semantics a visible, deliberate diff. When
 * one fails and the change was meant, bump {@link Kernel#MODEL_VERSION} (recordings of the old
 * model are then refused, not replayed wrongly) and add the new version's pin file, printed by
 * this test's failure messages.
 */
class ShippedRecordingsPinTest {
    @Test
    void theModelVersionInForceHasAPinForEveryShippedScenario() throws IOException {
        assertEquals(ShippedScenariosInvariantTest.scenarios().toList(), pins().keySet().stream().toList(),
                "pins/model-" + Kernel.MODEL_VERSION + ".txt lists exactly the shipped scenarios");
    }

    @ParameterizedTest
    @MethodSource("dev.folioscope.catalog.ShippedScenariosInvariantTest#scenarios")
    void theRecordingIsTheOnePinned(String name) throws IOException {
        Recording r = Recorder.record(Catalog.input(Catalog.shipped(name)), n -> { });
        String actual = pin(name, r);
        String expected = pins().get(name);
        assertNotNull(expected, "no pin for " + name + "; add the line: " + actual);
        assertEquals(expected, actual, "the recording of " + name + " changed. If the kernel's semantics changed"
                + " on purpose, bump Kernel.MODEL_VERSION and pin the new recordings in pins/model-"
                + (Kernel.MODEL_VERSION + 1) + ".txt");
    }

    /** "name events eventHash finalDigest", the hashes in hex. */
    private static String pin(String name, Recording r) {
        long h = 0xcbf29ce484222325L;
        for (int s = 1; s <= r.lastStep(); s++) {
            Event e = r.events().get(s);
            for (long v : new long[] {e.type().id(), e.parent(), e.depth(), e.cpu(), e.pid(), e.result()}) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (long v : e.args()) {
                h = (h ^ v) * 0x100000001b3L;
            }
        }
        return String.format(Locale.ROOT, "%s %d %016x %016x", name, r.lastStep(), h, r.finalDigest());
    }

    /** The pins of the model version in force, by scenario name. */
    private static Map<String, String> pins() throws IOException {
        String resource = "pins/model-" + Kernel.MODEL_VERSION + ".txt";
        Map<String, String> pins = new LinkedHashMap<>();
        try (InputStream in = ShippedRecordingsPinTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return pins;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    pins.put(line.substring(0, line.indexOf(' ')), line.strip());
                }
            }
        }
        return pins;
    }
}
