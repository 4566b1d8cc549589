package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.store.ScenarioStore;
import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.recordings.LongScenario;
import dev.folioscope.web.scenarios.ScenarioListPage;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Recording as a user waits for it: a long recording shows its events against a progress bar and
 * Cancel takes the user back where they came from, saying so; with room for one recording at a
 * time, someone else opening another scenario meanwhile is told they are queued, and gets their
 * debugger once the first is cancelled (with Esc), or once the first closes its tab.
 */
@TestPropertySource(properties = "folioscope.recordings.concurrent=1")
class RecordingQueueIT extends BrowserTestBase {
    /**
     * Records for some forty seconds, twice the page's 20-second wait for anything: every test cancels
     * it long before, and would fail if the cancel did not stop it.
     */
    private static final String LONG = LongScenario.text(2);
    private static final Pattern RUNNING = Pattern.compile(
            "recording \u201c" + LongScenario.TITLE + "\u201d\u2026 [1-9][\\d,]* events");
    /** Cancelled, the long scenario's notice. */
    private static final String CANCELLED = "Recording of \u201c" + LongScenario.TITLE + "\u201d cancelled.";

    @Autowired
    private ScenarioStore store;

    private String longLink() {
        return "/s/" + store.store(LONG).scenarioId().value();
    }

    @Test
    void aLongRecordingShowsItsProgressAndCancelGoesBackToThePageItWasOpenedFromWithANotice() {
        open("/debug/buddy-split-merge?step=3");
        // a link on a page of the application, as the editor's Run leads to the stored scenario
        page.evaluate("href => { const a = document.createElement('a'); a.id = 'fs-test-link'; a.href = href;"
                + " a.textContent = 'open'; document.body.append(a); }", longLink().substring(1));
        page.locator("#fs-test-link").click();
        RecordingScreenElement screen = new RecordingScreenElement(page);

        assertThat(screen.text()).hasText(RUNNING);
        assertThat(screen.bar()).not().hasAttribute("indeterminate", "");
        assertThat(screen.barValue()).isPositive();
        screenshot("recording-progress");
        screen.cancelButton().click();

        DebuggerPage before = new DebuggerPage(page);
        assertThat(before.stepLabel()).hasText(Pattern.compile("3 / \\d+"));
        assertUrlContains("/debug/buddy-split-merge?step=3");
        assertThat(before.notification(CANCELLED)).isVisible();
        screenshot("recording-cancelled");
    }

    @Test
    void withRoomForOneRecordingAnotherUserIsQueuedAndStartsWhenTheFirstIsCancelled() {
        page.navigate(url(longLink()));
        RecordingScreenElement first = new RecordingScreenElement(page);
        assertThat(first.text()).hasText(RUNNING);

        Page other = pageInFreshContext();
        other.navigate(url("/debug/zone-fallback"));
        RecordingScreenElement queued = new RecordingScreenElement(other);
        assertThat(queued.text()).hasText("queued: this recording starts next, when one running now finishes");
        other.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "recording-queued.png")));
        page.keyboard().press("Escape");

        new ScenarioListPage(page); // opened in a tab of its own: there is no page before, so the list
        assertThat(page.locator("vaadin-notification-card").filter(
                new Locator.FilterOptions().setHasText(CANCELLED))).isVisible();
        DebuggerPage debugger = new DebuggerPage(other);
        assertThat(debugger.notifications()).hasCount(0);
    }

    @Test
    void closingTheTabOfTheOnlyViewerStopsItsRecordingForTheNextInLine() {
        page.navigate(url(longLink()));
        assertThat(new RecordingScreenElement(page).text()).hasText(RUNNING);
        Page other = pageInFreshContext();
        other.navigate(url("/debug/watermark-boost"));
        assertThat(new RecordingScreenElement(other).text()).hasText(Pattern.compile("queued: .*"));

        page.close(new Page.CloseOptions().setRunBeforeUnload(true));

        assertThat(new DebuggerPage(other).notifications()).hasCount(0);
    }
}
