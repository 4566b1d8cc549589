package dev.folioscope.web.editor;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.debugger.DebuggerPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scenario editor end to end: an error typed into a shipped scenario is marked at its line with
 * the validator's message, fixing it removes the mark, Run records the scenario and opens it in the
 * debugger under its permanent link; completion offers step kinds and gfp names; Import loads a file
 * or says why not.
 *
 * <p>Lines and texts expected are read from the scenario file itself, as its author would count.
 */
class ScenarioEditorIT extends BrowserTestBase {
    private static final String SPLIT_MERGE = "buddy-split-merge";
    private static final Pattern STORED = Pattern.compile(".*/s/[a-z2-7]{32}(\\?.*)?$");

    @Test
    void anErrorIsMarkedAtItsLineAndFixingItLetsTheScenarioRun() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("scenarios", SPLIT_MERGE + ".yaml"));
        int gfpLine = lines.indexOf("      gfp: GFP_KERNEL") + 1;
        assertThat(gfpLine).isPositive();
        open("/edit?from=" + SPLIT_MERGE);
        EditorPage editor = new EditorPage(page);
        assertThat(editor.status()).hasText("valid: 8 steps");
        assertThat(editor.origin()).hasText("from " + SPLIT_MERGE + ".yaml");

        editor.goToLineEnd(gfpLine);
        editor.type("X");

        assertThat(editor.errorMarks()).hasCount(1);
        assertThat(editor.errorMarks()).hasText("GFP_KERNELX");
        assertThat(editor.gutterMarkers()).hasCount(1);
        assertThat(editor.status()).containsText("line " + gfpLine + ":12: ");
        assertThat(editor.status()).containsText("unknown gfp flag 'GFP_KERNELX'");
        editor.hoverError();
        assertThat(editor.lintTooltip()).containsText("unknown gfp flag 'GFP_KERNELX'");
        screenshot("editor-error");

        editor.press("Backspace");

        assertThat(editor.errorMarks()).hasCount(0);
        assertThat(editor.gutterMarkers()).hasCount(0);
        assertThat(editor.status()).hasText("valid: 8 steps");

        editor.press("Control+Enter");

        assertThat(page).hasURL(STORED);
        DebuggerPage debugger = new DebuggerPage(page);
        assertThat(debugger.title()).hasText(lines.get(1).substring("title: ".length()));
        assertThat(debugger.lastStep()).isPositive();
        String id = page.url().replaceAll(".*/s/([a-z2-7]{32}).*", "$1");

        page.locator("#fs-edit").click(); // back from the debugger to this scenario's text

        EditorPage again = new EditorPage(page);
        assertThat(page).hasURL(Pattern.compile(".*/edit\\?s=" + id + "$"));
        assertThat(again.origin()).hasText("from link " + id);
        assertThat(again.status()).hasText("valid: 8 steps");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void completionOffersStepKindsAtAStepAndGfpNamesInAGfpValue() {
        open("/");
        page.locator("#fs-new-scenario").click();
        EditorPage editor = new EditorPage(page);
        assertThat(page).hasURL(Pattern.compile(".*/edit$"));
        assertThat(editor.origin()).hasText("from template");
        assertThat(editor.status()).hasText("valid: 2 steps");

        editor.goToEnd();
        editor.type("  - fr");

        assertThat(editor.completions()).containsText("free");
        editor.press("Enter");
        assertThat(editor.status()).containsText("line 17:"); // "- free" without its label
        editor.type(":\nlabel: first\ngfp: GFP_HIGHU");

        assertThat(editor.completions()).containsText("GFP_HIGHUSER_MOVABLE");
        screenshot("editor-completion");
        editor.pickCompletion("GFP_HIGHUSER_MOVABLE");
        assertThat(editor.text()).contains("  - free:").contains("gfp: GFP_HIGHUSER_MOVABLE");
    }

    @Test
    void enterAfterAStepKindIndentsTheNextLineUnderItsKeys() {
        open("/edit");
        EditorPage editor = new EditorPage(page);
        assertThat(editor.status()).hasText("valid: 2 steps");
        editor.goToEnd();

        editor.type("  - alloc:\nlabel: second\norder: 1\ngfp: GFP_KERNEL");

        assertThat(editor.text()).contains("  - alloc:\n      label: second\n      order: 1\n      gfp: GFP_KERNEL");
        assertThat(editor.status()).hasText("valid: 3 steps");
    }

    @Test
    void startFromReplacesTheTextWithAShippedScenario() throws IOException {
        String forkCow = Files.readString(Path.of("scenarios", "fork-cow.yaml"));
        open("/edit");
        EditorPage editor = new EditorPage(page);

        editor.startFrom("fork-cow.yaml");

        assertThat(editor.origin()).hasText("from fork-cow.yaml");
        assertThat(editor.content()).containsText(forkCow.lines().skip(1).findFirst().get());
        long steps = forkCow.substring(forkCow.indexOf("\nsteps:\n")).lines().filter(l -> l.matches("  - [a-z_]+:.*"))
                .count();
        assertThat(editor.status()).hasText("valid: " + steps + " steps");
    }

    @Test
    void tabIndentsAndEscapeThenTabLeavesTheEditor() {
        open("/edit");
        EditorPage editor = new EditorPage(page);
        editor.goToLineEnd(16); // "      label: first"
        editor.press("Home");

        editor.press("Tab");

        assertThat(editor.text().lines().toList().get(15)).isEqualTo("        label: first");
        assertThat(editor.content()).isFocused();

        editor.press("Escape");
        editor.press("Tab");

        assertThat(editor.content()).not().isFocused();
        assertThat(editor.text().lines().toList().get(15)).isEqualTo("        label: first"); // no second indent
    }

    @Test
    void runningAnInvalidScenarioSaysWhyAndStays() {
        open("/edit");
        EditorPage editor = new EditorPage(page);
        editor.goToLineEnd(1);
        editor.press("Backspace");
        editor.type("9");

        editor.clickRun();

        assertThat(editor.notifications()).containsText("Not run: the scenario is not valid: line 1:10: version is 9");
        assertThat(editor.status()).containsText("line 1:10: version is 9");
        assertThat(page).hasURL(Pattern.compile(".*/edit$"));
    }

    @Test
    void importLoadsAYamlFileAndRefusesOneThatIsNotUtf8() throws IOException {
        open("/edit");
        EditorPage editor = new EditorPage(page);
        String hostile = "<img src=x onerror=alert(1)>.yaml";
        byte[] forkCow = Files.readAllBytes(Path.of("scenarios", "fork-cow.yaml"));

        editor.importFile(hostile, forkCow);

        assertThat(editor.origin()).hasText("from " + hostile);
        assertThat(editor.status()).hasText(Pattern.compile("valid: \\d+ steps"));
        assertThat(editor.text()).startsWith(new String(forkCow, StandardCharsets.UTF_8).lines().findFirst().get());
        assertThat(page.locator("img[src=x]")).hasCount(0);

        editor.importFile("latin1.yaml", "title: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(editor.notifications()).containsText("Not imported: latin1.yaml: the file is not UTF-8 text");
        assertThat(editor.origin()).hasText("from " + hostile); // the text stays
        assertThat(consoleErrors).isEmpty();
    }
}
