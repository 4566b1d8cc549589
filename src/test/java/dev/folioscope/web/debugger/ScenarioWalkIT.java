package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.scenarios.ScenarioListPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user's walk through every shipped scenario (the files in {@code scenarios/}): pick it on the
 * list, step a few events with the keyboard, jump to the end, and nothing goes wrong on the way.
 */
class ScenarioWalkIT extends BrowserTestBase {

    /** The scenario files in the project's scenarios/ directory, by name without ".yaml". */
    static List<String> shippedScenarios() {
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theListShowsEveryScenarioFile() {
        List<String> names = shippedScenarios();
        assertThat(names).isNotEmpty();
        open("/");
        ScenarioListPage list = new ScenarioListPage(page);
        assertThat(list.cards()).hasCount(names.size());
        for (String name : names) {
            assertThat(list.card(name)).containsText(name + ".yaml");
        }
    }

    @ParameterizedTest
    @MethodSource("shippedScenarios")
    void walkToTheLastStep(String name) {
        open("/");
        new ScenarioListPage(page).openScenario(name);
        DebuggerPage debugger = new DebuggerPage(page);
        assertThat(debugger.stepLabel()).hasText(Pattern.compile("^0 / \\d+$"));
        int last = debugger.lastStep();
        assertThat(last).isPositive();
        assertUrlEndsWith("/debug/" + name + "?step=0");

        debugger.stepForward();
        assertThat(debugger.currentEvent()).containsText("step 1: ");
        debugger.stepForward(2);
        assertThat(debugger.stepLabel()).hasText("3 / " + last);
        assertUrlEndsWith("?step=3");

        debugger.end();
        assertThat(debugger.stepLabel()).hasText(last + " / " + last);
        assertThat(debugger.eventHeading()).hasText("Event " + last + " of " + last);
        assertThat(debugger.currentEventNumber()).hasText(Integer.toString(last));
        assertUrlEndsWith("?step=" + last);
        waitForChart(debugger.freeLists().heatmap());
        waitForChart(debugger.timeline());
        screenshot("walk-" + name);
        assertThat(debugger.notifications()).hasCount(0);
        assertThat(consoleErrors).isEmpty();
    }
}
