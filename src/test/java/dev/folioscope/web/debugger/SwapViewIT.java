package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.folioscope.web.BrowserTestBase;
import org.junit.jupiter.api.Test;

/**
 * The swap view reached from a swapped-out PTE, and the OOM kill reached from the reclaim
 * timeline. What is expected comes from the scenarios' notes: on madvise-pageout, scenario step 4
 * (MADV_PAGEOUT) swaps the first 8 pages out to slots 1-8, type 0, exclusive, each kept in the
 * swap cache; on oom-kill-score-adj, the OOM killer kills "small" (oom_score_adj 500).
 */
class SwapViewIT extends BrowserTestBase {
    private static final String PAGEOUT = "madvise-pageout";
    private static final String OOM = "oom-kill-score-adj";
    /** The first page of the scenario's window: paged out by step 4. */
    private static final String PAGE_0 = "0x7f0000000000";

    @Test
    void aSwappedOutPteLinksToItsSlotInTheSwapView() {
        open("/debug/" + PAGEOUT + "?view=pagetable");
        DebuggerPage debugger = new DebuggerPage(page);
        debugger.toEndOfScenarioStep(4);
        page.locator("#fs-walk-input").fill(PAGE_0);
        page.locator("#fs-walk-input").press("Enter");
        debugger.idle();
        Locator pte = page.locator("#fs-pagetable tr[data-level='pte'] .fs-decoded");
        assertThat(pte).containsText("swap type=0 offset=0x1 EXCLUSIVE");
        screenshot("swap-pte");

        pte.getByText("\u2192 swap slot 1").click();
        debugger.idle();
        assertUrlContains("view=swap");
        assertUrlContains("va=" + PAGE_0);
        Locator entry = page.locator("#fs-swap-entry");
        assertThat(entry).containsText("type 0, offset 0x1, exclusive");
        assertThat(page.locator("#fs-swap-slot")).containsText("slot 1: swap count 1, in the swap cache as folio 0x");
        // the 8 paged-out folios are all still in the swap cache, the focused slot's highlighted
        assertThat(page.locator("#fs-swap-cached")).hasText("8 folios");
        assertThat(page.locator("#fs-swap-cache .fs-cell.fs-sel")).hasAttribute("data-slot", "1");
        // slots 1-8 and the header lie in the first cluster
        assertThat(page.locator("#fs-swap-clusters .fs-sel")).hasAttribute("data-cluster", "0");
        assertThat(page.locator("#fs-swap-clusters .fs-sel")).hasText("9");
        assertThat(page.locator("#fs-swap-device")).containsText("used 32 kB");
        assertThat(page.locator("#fs-swap-device")).containsText("SwapCached 32 kB");
        screenshot("swap-view-slot");

        // the cached folio's link opens the folio inspector on it
        String folio = page.locator("#fs-swap-slot .fs-go").textContent().strip();
        page.locator("#fs-swap-slot .fs-go").click();
        debugger.idle();
        assertUrlContains("view=folio");
        assertThat(page.locator("#fs-folio-pfn")).hasText(folio);
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void theOomKillMarkerJumpsToTheKilledProcessLine() {
        open("/debug/" + OOM + "?view=reclaim");
        DebuggerPage debugger = new DebuggerPage(page);
        waitForChart(page.locator("#fs-reclaim-chart"));
        Locator next = page.locator("#fs-reclaim [data-marker='OOM kill'] td:last-child .fs-go");
        String target = next.textContent().replaceAll("[^0-9]", "");
        next.click();
        debugger.idle();
        assertThat(debugger.step()).isEqualTo(Integer.parseInt(target));
        assertThat(debugger.eventFunction()).containsText("__oom_kill_process");
        assertThat(debugger.currentEventText()).startsWith("__oom_kill_process(victim=pid 2, comm=small,")
                .endsWith("oom_score_adj=500)");
        // the event panel reads as the kernel's log line
        assertThat(page.locator("#fs-event")).containsText("Out of memory: Killed process 2 (small)");
        assertThat(page.locator("#fs-event")).containsText("oom_score_adj:500");
        page.mouse().move(0, 0);
        screenshot("oom-kill");
        assertThat(consoleErrors).isEmpty();
    }
}
