package dev.folioscope.web.debugger;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;
import java.util.List;

/**
 * Page object of the bookmarks panel: its rows (step, title, focus, note) and its form (title,
 * note, Save, Cancel, the line saying what went wrong), and the bookmark markers of the timeline
 * as its chart draws them.
 */
final class BookmarksElement {
    private final Page page;
    private final DebuggerPage debugger;

    BookmarksElement(Page page, DebuggerPage debugger) {
        this.page = page;
        this.debugger = debugger;
    }

    /** The panel's heading, "Bookmarks (N)". */
    Locator heading() {
        return page.locator("#fs-bookmarks .fs-panel-title");
    }

    Locator rows() {
        return page.locator("#fs-bm-list .fs-bm");
    }

    /** The row whose title is exactly {@code title}. */
    Locator row(String title) {
        return rows().filter(new Locator.FilterOptions().setHas(page.locator(".fs-bm-title",
                new Page.LocatorOptions().setHasText(title))));
    }

    /** The highlighted rows: the bookmarks at the cursor's step. */
    Locator current() {
        return page.locator("#fs-bm-list .fs-bm.fs-bm-current");
    }

    Locator form() {
        return page.locator("#fs-bm-form");
    }

    Locator titleField() {
        return page.locator("#fs-bm-title input");
    }

    Locator noteField() {
        return page.locator("#fs-bm-note textarea");
    }

    /** What the form says went wrong. */
    Locator problem() {
        return page.locator("#fs-bm-problem");
    }

    /**
     * add() - the key b, then a title and a note typed over the prefilled form, then Save.
     *
     * @param title the title
     * @param note the note, "" for none
     */
    void add(String title, String note) {
        debugger.key("b");
        form().waitFor();
        titleField().fill(title);
        noteField().fill(note);
        save();
    }

    void save() {
        page.locator("#fs-bm-save").click();
        debugger.idle();
    }

    /** Edit on the row titled {@code title}: the form replaces the row. */
    void edit(String title) {
        row(title).locator(".fs-bm-edit").click();
        debugger.idle();
    }

    /** Delete on the row titled {@code title}, then its confirmation. */
    void delete(String title) {
        row(title).locator(".fs-bm-delete").click();
        debugger.idle();
        row(title).locator(".fs-bm-confirm").click();
        debugger.idle();
    }

    /**
     * jumpByKeyboard() - the keyboard focus on the row titled {@code title} (Tab reaches it), then
     * Enter: the cursor goes to its step and focus.
     */
    void jumpByKeyboard(String title) {
        row(title).focus();
        debugger.key("Enter");
    }

    /** A click on the row titled {@code title}: the cursor goes to its step and focus. */
    void jump(String title) {
        row(title).locator(".fs-bm-title").click();
        debugger.idle();
    }

    /** The labels of the bookmark markers on the timeline's first zone, as its chart option has them. */
    @SuppressWarnings("unchecked")
    List<String> markers() {
        BrowserTestBase.waitForChart(debugger.timeline());
        return (List<String>) debugger.timeline().evaluate("el => el.chart.getOption().series"
                + ".filter(s => s.name === 'jump')[0].markLine.data.map(d => d.name)");
    }

    /**
     * clickMarker() - click the timeline's first zone at a sample, halfway up, where the bookmark
     * marker of a step at that sample is drawn.
     *
     * @param sample the sample (x category) of the marker
     */
    void clickMarker(int sample) {
        debugger.clickTimeline(sample);
    }
}
