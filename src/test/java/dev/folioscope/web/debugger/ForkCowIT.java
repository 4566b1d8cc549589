package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.recordings.RecordingService;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The memory views on fork-cow, the way a user follows the child's copy-on-write break (scenario
 * step 7: the child writes page 17 of the window, shared with the parent since the fork):
 * stepping to the wp_page_copy event, the page-table view shows the child's PTE write-protected
 * (no RW) on the shared frame, then rewritten to a new frame, writable; the folio inspector shows
 * the old frame's mapcount go from 2 to 1; a click on the new frame inspects it; the link in the
 * address bar reopens the same views.
 *
 * <p>Expected values come from the scenario's notes and the kernel's rules: the window is at
 * 0x7f0000000000, so page 17 is 0x7f0000011000.
 */
class ForkCowIT extends BrowserTestBase {
    private static final String FORK_COW = "fork-cow";
    private static final String PAGE_17 = "0x7f0000011000";
    /** A bound on the events of one scenario step, so that a missing event fails instead of hanging. */
    private static final int MAX_EVENTS = 300;

    @Autowired
    private RecordingService recordings;

    private Locator pteRow() {
        return page.locator("#fs-pagetable tr[data-level=pte]");
    }

    /** The pfn the PTE maps, as its decoded column links it; "" when it maps none (cleared). */
    private String ptePfn() {
        Locator link = pteRow().locator("td.fs-decoded > .fs-go");
        return link.count() == 0 ? "" : link.first().textContent().strip();
    }

    private String decoded() {
        return pteRow().locator("td.fs-decoded").textContent();
    }

    private static boolean writable(String decoded) {
        return Pattern.compile("\\bRW\\b").matcher(decoded.split("was")[0]).find();
    }

    @Test
    void copyOnWriteBreakInThePageTableAndFolioViews() {
        Assumptions.assumeTrue(recordings.scenarioNames().contains(FORK_COW), "fork-cow is not shipped yet");
        open("/debug/" + FORK_COW + "?view=pagetable");
        DebuggerPage debugger = new DebuggerPage(page);
        debugger.toScenarioStep(7);
        for (int i = 0; i < MAX_EVENTS && !debugger.currentEventText().startsWith("wp_page_copy"); i++) {
            debugger.stepForward();
        }
        assertThat(debugger.currentEventText()).startsWith("wp_page_copy");
        int copyStep = debugger.step();

        // the child's PTE for page 17: present, write-protected since the fork, on the shared frame
        assertThat(page.locator("#fs-walk-va")).hasText(PAGE_17);
        assertThat(writable(decoded())).as("RW in " + decoded()).isFalse();
        assertThat(decoded()).contains("P ");
        String oldPfn = ptePfn();
        assertThat(page.locator("#fs-folio-pfn")).hasText(oldPfn);
        assertThat(page.locator("#fs-mapcount")).hasText("2");
        pteRow().locator("td.fs-decoded > .fs-go").first().click();
        debugger.idle();
        assertThat(page.locator("#fs-folio-pfn")).hasText(oldPfn);

        // step until the PTE maps another frame (wp_page_copy clears it first): set_pte_at,
        // highlighted, writable
        for (int i = 0; i < MAX_EVENTS && (ptePfn().isEmpty() || ptePfn().equals(oldPfn)); i++) {
            debugger.stepForward();
        }
        String newPfn = ptePfn();
        assertThat(newPfn).isNotEqualTo(oldPfn);
        int switchStep = debugger.step();
        assertThat(switchStep).isGreaterThan(copyStep);
        assertThat(pteRow()).hasClass(Pattern.compile(".*fs-changed.*"));
        assertThat(writable(decoded())).as("RW in " + decoded()).isTrue();
        debugger.stepBack();
        assertThat(ptePfn()).isNotEqualTo(newPfn);
        assertThat(writable(decoded())).isFalse();
        debugger.stepForward();

        // the old frame loses the child's mapping: mapcount 2 -> 1
        for (int i = 0; i < MAX_EVENTS && !page.locator("#fs-mapcount").textContent().equals("1"); i++) {
            debugger.stepForward();
        }
        assertThat(page.locator("#fs-folio-pfn")).hasText(oldPfn);
        assertThat(page.locator("#fs-mapcount")).hasText("1");
        assertThat(page.locator("#fs-mapcount")).hasClass(Pattern.compile(".*fs-changed.*"));
        assertThat(page.locator("#fs-mapcount + .fs-was")).hasText("was 2");
        screenshot("fork-cow-mapcount");

        // the new frame, from the page-table view
        pteRow().locator("td.fs-decoded > .fs-go").first().click();
        debugger.idle();
        assertThat(page.locator("#fs-folio-pfn")).hasText(newPfn);
        assertThat(page.locator("#fs-folio")).containsText("PG_anon_exclusive");
        int at = debugger.step();
        assertUrlEndsWith("?step=" + at + "&view=pagetable&pid=" + pidInUrl() + "&va=" + PAGE_17 + "&pfn=" + newPfn);
        screenshot("fork-cow-pagetable");

        // the link reopens the same views
        String link = page.url();
        page.navigate("about:blank");
        page.navigate(link);
        waitForVaadin();
        DebuggerPage again = new DebuggerPage(page);
        assertThat(again.step()).isEqualTo(at);
        assertThat(page.locator("#fs-tab-pagetable")).hasClass(Pattern.compile(".*fs-selected.*"));
        assertThat(page.locator("#fs-walk-va")).hasText(PAGE_17);
        assertThat(ptePfn()).isEqualTo(newPfn);
        assertThat(page.locator("#fs-folio-pfn")).hasText(newPfn);

        page.locator("#fs-tab-process").click();
        again.idle();
        assertThat(page.locator("#fs-process")).containsText("7f0000010000-7f0000018000 rw-p");
        screenshot("fork-cow-process");

        // the new folio where it waits for the LRU, and in the zone's page map
        page.locator("#fs-tab-lru").click();
        again.idle();
        assertThat(page.locator("#fs-lru .fs-cell.fs-sel")).hasText(newPfn.substring(2));
        screenshot("fork-cow-lru");
        page.locator("#fs-tab-physmap").click();
        again.idle();
        assertThat(page.locator("#fs-physmap-mark")).isVisible();
        assertThat(page.locator("#fs-physmap-mark")).hasAttribute("title", "pfn " + newPfn);
        screenshot("fork-cow-physmap");
    }

    /** The pid the URL carries (the child's: the views took it from the fault's event). */
    private String pidInUrl() {
        var m = Pattern.compile("[?&]pid=(\\d+)").matcher(page.url());
        assertThat(m.find()).as("pid in " + page.url()).isTrue();
        return m.group(1);
    }
}
