package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.folioscope.web.AppProcess;
import dev.folioscope.web.BrowserTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Links outlive the server: a moment shared on one run of the application opens, at the same step
 * with the same focus, after the server is stopped and started again on the same database. The
 * application runs as its own process from the packaged jar ({@link AppProcess}), stopped with
 * SIGTERM as a service manager stops it; the restart listens on the same port, so the link is
 * the same text.
 */
class RestartIT extends BrowserTestBase {
    private static final String FOCUS = "zone=DMA&order=9&mt=Unmovable&pfn=0x200";

    /** The settings that put the application on the database under test: a new H2 file database. */
    protected List<String> database() {
        Path dir = Path.of("target", "test-data", UUID.randomUUID().toString()).toAbsolutePath();
        return List.of("folioscope.data-dir=" + dir);
    }

    @Test
    void aSharedLinkOpensAfterARestartOnTheSameDatabase() {
        int port = AppProcess.freePort();
        List<String> db = database();
        String link;
        String title;
        String stepLabel;
        String focused;
        String buddyinfo;
        try (AppProcess app = AppProcess.start(port, db)) {
            page.navigate(app.url("/debug/buddy-split-merge?step=8&" + FOCUS));
            waitForVaadin();
            DebuggerPage made = new DebuggerPage(page);
            link = made.share();
            title = made.title().textContent();
            stepLabel = made.stepLabel().textContent();
            focused = made.zones().focused().textContent();
            buddyinfo = made.proc().buddyinfo();
        }
        try (AppProcess app = AppProcess.start(port, db)) {
            assertThat(link).startsWith(app.url("/s/"));
            Page other = pageInFreshContext();
            other.navigate(link);
            waitForVaadin(other);
            DebuggerPage opened = new DebuggerPage(other);
            assertThat(opened.title()).hasText(title);
            assertThat(opened.stepLabel()).hasText(stepLabel);
            assertThat(opened.zones().focused()).hasText(focused);
            assertThat(opened.proc().buddyinfo()).isEqualTo(buddyinfo);
            assertThat(other).hasURL(link);
        }
    }
}
