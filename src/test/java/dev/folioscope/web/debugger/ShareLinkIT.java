package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.LoadState;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.store.ScenarioId;
import dev.folioscope.web.BrowserTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Permanent links end to end: Share in the debugger of a shipped scenario gives a {@code /s/<id>}
 * link to the moment on screen, which opens at the same step with the same focus in a browser that
 * shares nothing with the first; a link that names nothing gets the not-found page (HTTP 404)
 * naming the id; a link from an older kernel model says so and opens under the current one.
 *
 * <p>What the shared page must show is read off the page the link was made from, as a user
 * compares two windows: the same step label, the same focused zone and free list, the same
 * buddyinfo.
 */
class ShareLinkIT extends BrowserTestBase {
    private static final String SPLIT_MERGE = "buddy-split-merge";
    private static final String FOCUS = "zone=DMA&order=9&mt=Unmovable&pfn=0x200";
    private static final Pattern LINK = Pattern.compile("http://localhost:\\d+/s/[a-z2-7]{32}\\?step=8&" + FOCUS);

    @Autowired
    private JdbcClient sql;

    @Test
    void aSharedLinkOpensTheSameStepAndFocusInAFreshBrowser() {
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        open("/debug/" + SPLIT_MERGE + "?step=7&" + FOCUS);
        DebuggerPage made = new DebuggerPage(page);
        made.stepForward();

        String link = made.share();

        assertThat(link).matches(LINK);
        assertThat(made.shareStatus()).hasText("Copied to the clipboard.");
        screenshot("share-link");
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(link);
        assertUrlEndsWith("/debug/" + SPLIT_MERGE + "?step=8&" + FOCUS); // sharing moved nothing

        Page other = pageInFreshContext();
        other.navigate(link);
        waitForVaadin(other);
        DebuggerPage opened = new DebuggerPage(other);
        assertThat(opened.title()).hasText(made.title().textContent());
        assertThat(opened.stepLabel()).hasText(made.stepLabel().textContent());
        assertThat(opened.zones().focused()).hasText(made.zones().focused().textContent());
        assertThat(opened.freeLists().heading()).hasText(made.freeLists().heading().textContent());
        assertThat(opened.freeLists().listHead()).hasText(made.freeLists().listHead().textContent());
        assertThat(opened.proc().buddyinfo()).isEqualTo(made.proc().buddyinfo());
        assertThat(other).hasURL(link); // the shared page keeps its own address as the user moves
        assertThat(opened.notifications()).hasCount(0);

        opened.stepBack();
        assertThat(other).hasURL(link.replace("?step=8&", "?step=7&"));
    }

    @Test
    void sharingTheSameScenarioTwiceGivesTheSameLink() {
        open("/debug/" + SPLIT_MERGE + "?step=8&" + FOCUS);
        String first = new DebuggerPage(page).share();
        open("/debug/" + SPLIT_MERGE + "?step=8&" + FOCUS);
        assertThat(new DebuggerPage(page).share()).isEqualTo(first);
    }

    @Test
    void aLinkToNothingGetsTheNotFoundPageNamingTheId() {
        String unknown = "a".repeat(32);
        Response response = page.navigate(url("/s/" + unknown + "?step=3"));
        waitForVaadin();
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("#fs-not-found-reason"))
                .hasText("No scenario is stored under the id \u201c" + unknown + "\u201d on this server: the link may"
                        + " belong to another Folioscope server, or its database was replaced.");

        response = page.navigate(url("/s/%3Cb%3Ebold"));
        waitForVaadin();
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("#fs-not-found-reason")).containsText("\u201c<b>bold\u201d is not a scenario"
                + " link id");
        assertThat(page.locator("#fs-not-found b")).hasCount(0); // shown as text, never as markup
    }

    @Test
    void aLinkFromAnOlderModelSaysSoAndOpensUnderThisOne() throws IOException {
        String text = shipped(SPLIT_MERGE);
        int older = Kernel.MODEL_VERSION - 1;
        ScenarioId old = ScenarioId.of(text, older);
        sql.sql("DELETE FROM stored_scenario WHERE id = ?").param(old.value()).update();
        sql.sql("INSERT INTO stored_scenario (id, text, model_version, created_at) VALUES (?, ?, ?, ?)")
                .params(old.value(), text, older, Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"))).update();

        open("/s/" + old.value() + "?step=3");
        assertThat(page.locator("#fs-outdated-link")).containsText("version " + older + " of the simulated kernel;"
                + " this server runs version " + Kernel.MODEL_VERSION);
        page.locator("#fs-reopen-current-model").click();
        page.waitForLoadState(LoadState.NETWORKIDLE);
        DebuggerPage opened = new DebuggerPage(page);

        assertThat(opened.stepLabel()).containsText("3 / ");
        assertUrlEndsWith("?step=3");
        assertThat(page.url()).doesNotContain(old.value()).matches(".*/s/[a-z2-7]{32}\\?step=3");
    }

    private static String shipped(String name) throws IOException {
        try (InputStream in = ShareLinkIT.class.getClassLoader().getResourceAsStream("scenarios/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
