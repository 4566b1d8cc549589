package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;

/**
 * Page object of the debugger, {@code /debug/<scenario>?step=N&...}: what a user does with it
 * (keys, toolbar buttons, the step field, clicks on the event list) and what they read on it
 * (the step label, the current event). The panels have their own objects: {@link #zones()},
 * {@link #freeLists()}, {@link #proc()}.
 *
 * <p>Every action waits until the page is idle again ({@link #idle()}): the Flow client has no
 * request in flight and no seek is pending (the view's {@code data-seeking} attribute is gone: a
 * move's seek runs in the background and its result is pushed), so what is read afterwards is
 * what the server rendered for it.
 */
public final class DebuggerPage {
    private final Page page;

    /**
     * DebuggerPage() - the debugger shown in {@code page}, once its toolbar is there (the first
     * visit of a scenario records it first, behind a progress bar).
     *
     * @param page a page that has navigated to a debugger URL
     */
    public DebuggerPage(Page page) {
        this.page = page;
        page.locator("#fs-step-label").waitFor();
        idle();
    }

    // ---------- toolbar ----------

    /** "N / LAST". */
    public Locator stepLabel() {
        return page.locator("#fs-step-label");
    }

    /** The step shown, read from the step label. */
    public int step() {
        return Integer.parseInt(stepLabel().textContent().split(" / ")[0].strip());
    }

    /** The recording's last step, read from the step label. */
    public int lastStep() {
        return Integer.parseInt(stepLabel().textContent().split(" / ")[1].strip());
    }

    /** The text input of the step field. */
    public Locator stepField() {
        return page.locator("#fs-step-field input");
    }

    /**
     * typeStep() - type a step into the step field and press Enter.
     *
     * @param step what to type
     */
    public void typeStep(String step) {
        stepField().fill(step);
        stepField().press("Enter");
        idle();
    }

    /** The toolbar's "step out" button (it has no key). */
    public void stepOut() {
        page.locator("#fs-out").click();
        idle();
    }

    // ---------- keyboard ----------

    /** → : the next event, into calls. */
    public void stepForward() {
        key("ArrowRight");
    }

    public void stepForward(int times) {
        for (int i = 0; i < times; i++) {
            stepForward();
        }
    }

    /** ← : the previous event. */
    public void stepBack() {
        key("ArrowLeft");
    }

    public void stepBack(int times) {
        for (int i = 0; i < times; i++) {
            stepBack();
        }
    }

    /** Shift+→ : the next event that is not inside the current one. */
    public void stepOver() {
        key("Shift+ArrowRight");
    }

    /** Shift+← : the previous event at the same or a lower depth. */
    public void stepBackOver() {
        key("Shift+ArrowLeft");
    }

    /** Home: step 0, the booted machine. */
    public void home() {
        key("Home");
    }

    /** End: the last step. */
    public void end() {
        key("End");
    }

    /**
     * key() - press a key on the page (it goes to whatever has the focus).
     *
     * @param key a Playwright key name, e.g. "Shift+ArrowRight"
     */
    public void key(String key) {
        page.keyboard().press(key);
        idle();
    }

    // ---------- scenario steps, found with the keys ----------

    /**
     * toScenarioStep() - from anywhere to the event that begins scenario step {@code k}: Home,
     * → onto step 1, then Shift+→ over one scenario step at a time.
     *
     * @param k a scenario step, 1-based as in the notes
     */
    public void toScenarioStep(int k) {
        home();
        stepForward();
        for (int i = 2; i <= k; i++) {
            stepOver();
        }
        assertThat(currentEventText()).as("the event that begins scenario step " + k).startsWith("step " + k + ": ");
    }

    /**
     * overScenarioStep() - from the event that begins a scenario step to its last event: Shift+→
     * onto the next scenario step, then ←. From the last scenario step, Shift+→ already ends at
     * the recording's last step.
     */
    public void overScenarioStep() {
        String here = currentEventText();
        assertThat(here).as("at the start of a scenario step").matches("step \\d+: .*");
        stepOver();
        if (currentEventText().startsWith("step ")) {
            stepBack();
        } else {
            assertThat(step()).as("stepped over the last scenario step").isEqualTo(lastStep());
        }
    }

    /**
     * toEndOfScenarioStep() - the last event of scenario step {@code k}: the state the step's note
     * describes.
     *
     * @param k a scenario step, 1-based
     */
    public void toEndOfScenarioStep(int k) {
        toScenarioStep(k);
        overScenarioStep();
    }

    // ---------- events ----------

    /** The text of the current row of the event list, "(boot)" at step 0. */
    public Locator currentEvent() {
        return page.locator("#fs-event-list .fs-ev-current .fs-ev-text");
    }

    public String currentEventText() {
        return currentEvent().textContent().strip();
    }

    /** The number of the current row of the event list. */
    public Locator currentEventNumber() {
        return page.locator("#fs-event-list .fs-ev-current .fs-ev-num");
    }

    /**
     * clickEvent() - click the first row of the event list (the events around the cursor) whose
     * text starts with {@code text}.
     *
     * @param text the start of an event's summary, e.g. "boost_watermark(zone=DMA,"
     */
    public void clickEvent(String text) {
        Locator row = page.locator("#fs-event-list .fs-ev").filter(new Locator.FilterOptions()
                .setHas(page.locator(".fs-ev-text", new Page.LocatorOptions().setHasText(text))));
        assertThat(row.count()).as("rows of the event list with \"" + text + "\"").isPositive();
        String found = row.first().locator(".fs-ev-text").textContent();
        assertThat(found).as("the first such row").startsWith(text);
        row.first().click();
        idle();
    }

    /** The current event's heading: "Event N of LAST" or "Step 0 — booted machine". */
    public Locator eventHeading() {
        return page.locator("#fs-event .fs-panel-title");
    }

    /** The current event's kernel function and file. */
    public Locator eventFunction() {
        return page.locator("#fs-event-function");
    }

    /** The numbers of a zone_watermark_ok event, as the kernel computes them. */
    public Locator watermarkCheck() {
        return page.locator("#fs-watermark-check");
    }

    // ---------- panels ----------

    /** The scenario's title in the toolbar. */
    public Locator title() {
        return page.locator("#fs-title");
    }

    /**
     * share() - press the toolbar's Share button and read the link it shows.
     *
     * @return the permanent link to what is on screen, as the user would copy it
     */
    public String share() {
        page.locator("#fs-share").click();
        idle();
        Locator link = page.locator("#fs-share-link");
        page.waitForFunction("el => el.value !== ''", link.elementHandle());
        return link.inputValue();
    }

    /** What the share popover says about the clipboard. */
    public Locator shareStatus() {
        return page.locator("#fs-share-status");
    }

    public ZonesElement zones() {
        return new ZonesElement(page);
    }

    public FreeListsElement freeLists() {
        return new FreeListsElement(page);
    }

    public ProcElement proc() {
        return new ProcElement(page);
    }

    BookmarksElement bookmarks() {
        return new BookmarksElement(page, this);
    }

    /**
     * saveName() - in the open Share popover, name the moment and press Enter.
     *
     * @param name the name as typed
     */
    public void saveName(String name) {
        nameField().fill(name);
        nameField().press("Enter");
        idle();
    }

    /** The "Name this moment" field of the Share popover. */
    public Locator nameField() {
        return page.locator("#fs-share-name input");
    }

    /** The named link the Share popover shows once a name is saved (or the page's own name still holds). */
    public Locator namedLink() {
        return page.locator("#fs-share-named-link");
    }

    /** What the Share popover says about the name: copied, or why it was not saved. */
    public Locator nameStatus() {
        return page.locator("#fs-share-name-status");
    }

    /** What the Share popover says about the bookmarks that go with the link. */
    public Locator shareBookmarks() {
        return page.locator("#fs-share-bookmarks");
    }

    /** The NR_FREE_PAGES timeline under the panels. */
    public Locator timeline() {
        return page.locator("#fs-timeline-chart");
    }

    /**
     * clickTimeline() - click the timeline at one of its samples (its x categories), halfway up
     * the first zone's plot.
     *
     * @param sample index of the sample (category) on the x axis
     */
    public void clickTimeline(int sample) {
        BrowserTestBase.waitForChart(timeline());
        BrowserTestBase.clickChartData(page, timeline(), 1, sample, 0.5);
        idle();
    }

    /** Notifications shown: problems (bad links, failed recordings) and notices (a recording cancelled). */
    public Locator notifications() {
        return page.locator("vaadin-notification-card");
    }

    /**
     * notification() - the notification that contains a text.
     *
     * @param text part of its message
     */
    public Locator notification(String text) {
        return notifications().filter(new Locator.FilterOptions().setHasText(text));
    }

    /**
     * idle() - wait until the Flow client has no request in flight and the debugger no seek
     * pending: the attribute is set in the answer to the action that asked for a seek and removed
     * in the push that brings its result, together with the panels.
     */
    public void idle() {
        BrowserTestBase.waitForVaadin(page);
        page.waitForFunction("() => !document.querySelector('.fs-debugger[data-seeking]')");
        BrowserTestBase.waitForVaadin(page);
    }
}
