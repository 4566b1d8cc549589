package dev.folioscope.web.editor;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.folioscope.web.BrowserTestBase;

/**
 * Page object of the scenario editor, {@code /edit}: what a user does with it (moves the cursor
 * with the keyboard and types, picks a scenario to start from, imports a file, runs) and what
 * they read on it (the text, the error marker and its tooltip, the status line, completions).
 */
public final class EditorPage {
    private final Page page;

    /**
     * EditorPage() - the editor shown in {@code page}, once its text has been validated (the
     * status line says so).
     *
     * @param page a page that has navigated to {@code /edit...}
     */
    public EditorPage(Page page) {
        this.page = page;
        content().waitFor();
        page.waitForFunction("() => document.querySelector('#fs-editor-status').textContent.trim().length > 0");
        BrowserTestBase.waitForVaadin(page);
    }

    /** The editable text area. */
    public Locator content() {
        return page.locator("#fs-editor .cm-content");
    }

    /** The text, as the editor shows it (lines joined by newlines). */
    public String text() {
        return (String) content().evaluate("el => Array.from(el.querySelectorAll('.cm-line'), l => l.textContent)"
                + ".join('\\n')");
    }

    /**
     * goToLineEnd() - put the cursor at the end of a line, with the keyboard: Ctrl+Home, then
     * ArrowDown, then End.
     *
     * @param line 1-based
     */
    public void goToLineEnd(int line) {
        content().click();
        page.keyboard().press("Control+Home");
        for (int i = 1; i < line; i++) {
            page.keyboard().press("ArrowDown");
        }
        page.keyboard().press("End");
    }

    /** Ctrl+End: the cursor after the last character. */
    public void goToEnd() {
        content().click();
        page.keyboard().press("Control+End");
    }

    /** Types text at the cursor, key by key. */
    public void type(String text) {
        page.keyboard().type(text);
    }

    /** Presses a key or chord, e.g. "Backspace", "Control+Enter". */
    public void press(String key) {
        page.keyboard().press(key);
    }

    /** The text ranges marked as errors. */
    public Locator errorMarks() {
        return page.locator("#fs-editor .cm-lintRange-error");
    }

    /** The error markers in the gutter. */
    public Locator gutterMarkers() {
        return page.locator("#fs-editor .cm-lint-marker-error");
    }

    /** Hovers the first error range; its tooltip is {@link #lintTooltip()}. */
    public void hoverError() {
        errorMarks().first().hover();
    }

    /** The tooltip of a hovered error. */
    public Locator lintTooltip() {
        return page.locator("#fs-editor .cm-tooltip-lint");
    }

    /** The status line under the editor: "valid: N steps" or "line L:C: what is wrong". */
    public Locator status() {
        return page.locator("#fs-editor-status");
    }

    /** Where the text came from: "from buddy-split-merge.yaml", "from template", "from <file>". */
    public Locator origin() {
        return page.locator("#fs-editor-origin");
    }

    /** The open completion list. */
    public Locator completions() {
        return page.locator("#fs-editor .cm-tooltip-autocomplete");
    }

    /**
     * pickCompletion() - click an option of the open completion list.
     *
     * @param label the option's text, e.g. "GFP_HIGHUSER_MOVABLE"
     */
    public void pickCompletion(String label) {
        completions().locator("li").filter(new Locator.FilterOptions().setHasText(label)).first().click();
    }

    /** The "Run" button. */
    public void clickRun() {
        page.locator("#fs-editor-run").click();
    }

    /**
     * startFrom() - choose a shipped scenario (or "new scenario (template)") in "Start from".
     *
     * @param label the item's text, e.g. "fork-cow.yaml"
     */
    public void startFrom(String label) {
        page.locator("#fs-editor-start-from").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(label)).first().click();
        BrowserTestBase.waitForVaadin(page);
    }

    /**
     * importFile() - import a file through the Import button's file chooser.
     *
     * @param name the file's name
     * @param bytes its content
     */
    public void importFile(String name, byte[] bytes) {
        page.locator("#fs-editor-import input[type=file]")
                .setInputFiles(new FilePayload(name, "application/yaml", bytes));
        BrowserTestBase.waitForVaadin(page);
    }

    /** The notifications on screen (problems). */
    public Locator notifications() {
        return page.locator("vaadin-notification-card");
    }
}
