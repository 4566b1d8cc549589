package dev.folioscope.web.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.catalog.Catalog;
import org.junit.jupiter.api.Test;

/**
 * What the editor marks: the validator's first problem at the line and column the command line
 * names, as offsets CodeMirror counts (UTF-16 units, which an astral character before the problem
 * makes differ from the parser's code points), and the status line under the editor.
 */
class ValidationTest {

    @Test
    void anUnknownKeyIsMarkedWhereItIsWritten() {
        String text = EditorView.TEMPLATE.replace("  memory: 16M", "  memroy: 16M");
        assertThat(text.lines().toList().get(6)).isEqualTo("  memroy: 16M"); // line 7

        Validation v = Validation.of(text);

        assertThat(v.valid()).isFalse();
        assertThat(v.problem().line()).isEqualTo(7);
        assertThat(v.problem().column()).isEqualTo(3);
        int at = text.indexOf("memroy");
        assertThat(v.problem().from()).isEqualTo(at);
        assertThat(v.problem().to()).isEqualTo(at + "memroy".length());
        assertThat(v.status()).startsWith("line 7:3: ").contains("memroy");
        assertThat(v.diagnosticsJson()).isEqualTo("[{\"from\":" + at + ",\"to\":" + (at + 6)
                + ",\"message\":\"" + v.status().replace("\"", "\\\"") + "\"}]");
    }

    @Test
    void aBadValueIsMarkedOnItsLineInAShippedScenario() {
        String text = Catalog.shipped("buddy-split-merge").source().replace("gfp: GFP_KERNEL", "gfp: GFP_KERNL");
        int line = (int) text.substring(0, text.indexOf("GFP_KERNL")).chars().filter(c -> c == '\n').count() + 1;

        Validation v = Validation.of(text);

        assertThat(v.problem().line()).isEqualTo(line);
        assertThat(text.substring(v.problem().from(), v.problem().to())).isEqualTo("GFP_KERNL");
        assertThat(v.status()).startsWith("line " + line + ":12: ").contains("GFP_KERNL");
    }

    @Test
    void columnsAfterAnAstralCharacterBecomeUtf16Offsets() {
        String text = EditorView.TEMPLATE.replace("machine:\n  memory: 16M\n  cpus: 1",
                "machine: {zones: \"\uD83D\uDE42\", memory: 16M, cpus: 1}");
        int lineStart = text.indexOf("machine:");
        int memory = text.indexOf("memory: 16M");

        Validation v = Validation.of(text);

        assertThat(v.problem().line()).isEqualTo(6);
        assertThat(v.status()).contains("both memory and zones");
        // the parser counts the emoji as one column, CodeMirror as two UTF-16 units
        assertThat(v.problem().column()).isEqualTo(memory - lineStart);
        assertThat(v.problem().from()).isEqualTo(memory);
        assertThat(v.problem().to()).isEqualTo(memory + "memory".length());
    }

    @Test
    void aTextOverOneMebibyteIsRefusedWithTheParsersMessage() {
        String text = EditorView.TEMPLATE + "#" + "x".repeat(1024 * 1024);

        Validation v = Validation.of(text);

        assertThat(v.problem().line()).isZero();
        assertThat(v.problem().from()).isZero();
        assertThat(v.status()).isEqualTo("file is " + (text.length()) + " bytes, the limit is 1 MiB");
    }

    @Test
    void theTemplateANewScenarioStartsFromIsValid() {
        Validation v = Validation.of(EditorView.TEMPLATE);

        assertThat(v.valid()).isTrue();
        assertThat(v.status()).isEqualTo("valid: 2 steps");
        assertThat(v.diagnosticsJson()).isEqualTo("[]");
    }
}
