package dev.folioscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The normal form that decides whether two texts are the same scenario, and so the same link. */
class ScenarioTextTest {

    @Test
    void lineEndsTrailingBlanksAndFinalNewlinesAreNormalisedIndentationIsKept() {
        assertThat(ScenarioText.normalise("\uFEFFa: 1 \t\r\nb:\r  - c\t\n\n\n")).isEqualTo("a: 1\nb:\n  - c\n");
    }

    @Test
    void theNormalFormIsStable() {
        String once = ScenarioText.normalise("x: 1  \r\n\r\n  y: 2");
        assertThat(ScenarioText.normalise(once)).isEqualTo(once).isEqualTo("x: 1\n\n  y: 2\n");
    }

    @Test
    void onlySpacesAndTabsAreBlanks() {
        // a no-break space is text, as YAML reads it
        assertThat(ScenarioText.normalise("t: a\u00a0\n")).isEqualTo("t: a\u00a0\n");
        assertThat(ScenarioText.normalise("")).isEmpty();
        assertThat(ScenarioText.normalise(" \r\n\t")).isEmpty();
    }
}
