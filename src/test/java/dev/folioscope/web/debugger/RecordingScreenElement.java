package dev.folioscope.web.debugger;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/**
 * The recording screen of the debugger, shown while a scenario records: what it says (waiting in
 * the queue, or events recorded), its progress bar, and Cancel.
 */
public final class RecordingScreenElement {
    private final Page page;

    /**
     * RecordingScreenElement() - the recording screen shown in {@code page}, once it is there.
     *
     * @param page a page that has navigated to a scenario not recorded yet
     */
    public RecordingScreenElement(Page page) {
        this.page = page;
        page.locator("#fs-recording").waitFor();
    }

    /** "queued: ..." while waiting, "recording “title”… N events" while running. */
    public Locator text() {
        return page.locator("#fs-recording-text");
    }

    public Locator bar() {
        return page.locator("#fs-recording-bar");
    }

    /** The bar's value, the part of the event budget recorded so far (0 to the budget). */
    public double barValue() {
        return ((Number) bar().evaluate("b => b.value")).doubleValue();
    }

    public Locator cancelButton() {
        return page.locator("#fs-recording-cancel");
    }
}
