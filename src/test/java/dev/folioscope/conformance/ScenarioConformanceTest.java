package dev.folioscope.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.scenario.ScenarioParser;
import dev.folioscope.scenario.ScenarioWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance cases written as scenarios (name-with-dashes.yaml beside name_with_dashes.c, as
 * scenario names take no underscore): what their kstate steps print — what
 * {@code run NAME.yaml --dump kstate} prints — compared line by line with the golden file recorded
 * on the development machine's 6.18 kernel (a line that varied between runs matches any of its
 * recorded forms).
 */
class ScenarioConformanceTest {
    private static final Path DIR = Path.of("src/test/resources/conformance");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theScenarioPrintsWhatTheRealKernelDid(String scenario) throws IOException {
        String yaml = Files.readString(DIR.resolve(scenario + ".yaml"));
        String output = ScenarioWorkload.kstateOutput(ScenarioParser.parse(scenario + ".yaml", yaml));
        List<String> diff = Golden.load(scenario.replace('-', '_')).diff(output);
        assertEquals(List.of(), diff, scenario + ".yaml: the simulator differs from the real kernel\n" + output);
    }
}
