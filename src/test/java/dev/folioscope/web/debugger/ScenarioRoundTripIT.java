package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.folioscope.web.AppProcess;
import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.editor.EditorPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole way of a user's scenario, on the application as it is deployed (the packaged jar, its
 * own process, {@link AppProcess}): written in the editor with an error that is marked at its line,
 * fixed and run; bookmarked with a note at a step with a focus; shared; the link opened in a browser
 * that shares nothing with the first shows the same step, focus and bookmark; and after the server
 * is stopped (SIGTERM, as a service manager stops it) and started again on the same database, on
 * the same port, the same link still does.
 */
class ScenarioRoundTripIT extends BrowserTestBase {
    private static final String FOCUS = "zone=DMA&order=9&mt=Unmovable&pfn=0x200";
    private static final Pattern STORED = Pattern.compile(".*/s/[a-z2-7]{32}(\\?.*)?$");
    private static final String NOTE = "DMA gives up a whole pageblock here\nsee the free lists";

    /** The settings that put the application on the database under test: a new H2 file database. */
    protected List<String> database() {
        Path dir = Path.of("target", "test-data", UUID.randomUUID().toString()).toAbsolutePath();
        return List.of("folioscope.data-dir=" + dir);
    }

    @Test
    void aScenarioWrittenInTheBrowserIsSharedWithItsBookmarkAndOutlivesARestart() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("scenarios", "buddy-split-merge.yaml"));
        int gfpLine = lines.indexOf("      gfp: GFP_KERNEL") + 1;
        int port = AppProcess.freePort();
        List<String> db = database();
        Moment made;
        try (AppProcess app = AppProcess.start(port, db)) {
            page.navigate(app.url("/edit?from=buddy-split-merge"));
            EditorPage editor = new EditorPage(page);
            editor.goToLineEnd(gfpLine);
            editor.type("X");
            assertThat(editor.gutterMarkers()).hasCount(1);
            assertThat(editor.status()).containsText("line " + gfpLine + ":12: ");
            assertThat(editor.status()).containsText("unknown gfp flag 'GFP_KERNELX'");
            editor.press("Backspace");
            editor.goToEnd();
            editor.type("# written in the browser\n");
            assertThat(editor.errorMarks()).hasCount(0);
            assertThat(editor.status()).hasText("valid: 8 steps");
            editor.clickRun();
            assertThat(page).hasURL(STORED);
            waitForVaadin();

            page.navigate(page.url().replaceAll("\\?.*", "") + "?step=8&" + FOCUS);
            waitForVaadin();
            DebuggerPage debugger = new DebuggerPage(page);
            debugger.bookmarks().add("order 9 split", NOTE);
            assertThat(debugger.bookmarks().heading()).hasText("Bookmarks (1)");
            made = Moment.of(debugger, debugger.share());
            assertThat(made.link()).matches(Pattern.quote(app.url("/s/")) + "[a-z2-7]{32}\\?step=8&" + FOCUS);

            made.assertShownBy(pageInFreshContext());
        }
        try (AppProcess app = AppProcess.start(port, db)) {
            made.assertShownBy(pageInFreshContext());
        }
    }

    /** What the page a link was made from showed, to compare another page with, as a user compares two windows. */
    private record Moment(String link, String title, String stepLabel, String focused, String buddyinfo) {
        static Moment of(DebuggerPage page, String link) {
            return new Moment(link, page.title().textContent(), page.stepLabel().textContent(),
                    page.zones().focused().textContent(), page.proc().buddyinfo());
        }

        void assertShownBy(Page other) {
            other.navigate(link);
            waitForVaadin(other);
            DebuggerPage opened = new DebuggerPage(other);
            assertThat(opened.title()).hasText(title);
            assertThat(opened.stepLabel()).hasText(stepLabel);
            assertThat(opened.zones().focused()).hasText(focused);
            assertThat(opened.proc().buddyinfo()).isEqualTo(buddyinfo);
            assertThat(other).hasURL(link);
            BookmarksElement bookmarks = opened.bookmarks();
            assertThat(bookmarks.row("order 9 split").locator(".fs-bm-note")).hasText(NOTE);
            assertThat(bookmarks.current()).hasCount(1);
        }
    }
}
