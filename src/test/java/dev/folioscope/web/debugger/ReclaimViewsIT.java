package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The memory-pressure views on page-cache-reclaim (a 24 MiB machine reading a 28 MiB file):
 * the reclaim timeline's markers jump to their step, and the LRU view, the folio inspector and
 * the event agree on a folio evicted by shrink_folio_list. What is expected comes from the
 * scenario's notes: kswapd is first woken in step 4 (a watermark boost), the first direct
 * reclaim is in step 8, and reclaim evicts the oldest pages of the file first.
 */
class ReclaimViewsIT extends BrowserTestBase {
    private static final String SCENARIO = "page-cache-reclaim";

    @Test
    void theFirstKswapdWakeIsOneClickAwayOnTheReclaimTimeline() {
        open("/debug/" + SCENARIO + "?view=reclaim");
        DebuggerPage debugger = new DebuggerPage(page);
        Locator chart = page.locator("#fs-reclaim-chart");
        waitForChart(chart);
        screenshot("reclaim-timeline-start");

        int target = clickFirstMarker(chart, "kswapd wake");
        debugger.idle();
        assertThat(debugger.step()).isEqualTo(target);
        assertThat(debugger.eventFunction()).containsText("wakeup_kswapd");
        assertThat(debugger.currentEventText()).endsWith("= WOKEN");
        assertUrlContains("step=" + target + "&view=reclaim");
        // the step lies in scenario step 4, whose allocation fell back and boosted the watermarks
        debugger.stepForward();
        assertThat(page.locator("#fs-reclaim-kswapd")).containsText("kswapd awake");
        assertThat(page.locator("#fs-reclaim [data-marker='kswapd wake']")).containsText("#" + target);
        screenshot("reclaim-timeline-wake");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aFolioEvictedByShrinkFolioListLeavesTheListsAndIsFreed() {
        open("/debug/" + SCENARIO + "?view=reclaim");
        DebuggerPage debugger = new DebuggerPage(page);
        // to the first direct reclaim, by its link above the reclaim timeline
        page.locator("#fs-reclaim [data-marker='direct reclaim'] td:last-child .fs-go").click();
        debugger.idle();
        assertThat(debugger.currentEventText()).startsWith("try_to_free_pages(");
        page.locator("#fs-tab-lru").click();
        debugger.idle();
        assertUrlContains("&view=lru");
        Locator lru = page.locator("#fs-lru");
        waitForChart(page.locator("#fs-lru-sizes"));

        // into the reclaim, until shrink_folio_list has evicted a folio
        int guard = 0;
        while (!(debugger.currentEventText().startsWith("shrink_folio_list: folio(")
                && debugger.currentEventText().contains("RECLAIMED"))) {
            debugger.stepForward();
            assertThat(++guard).as("steps into direct reclaim").isLessThan(400);
        }
        String pfn = page.locator("#fs-folio-pfn").textContent().strip();
        Locator inWindow = page.locator("#fs-lru-scan .fs-cell[data-go='pfn=" + pfn + "']");
        assertThat(inWindow).hasClass(java.util.regex.Pattern.compile(".*fs-evicted.*"));
        assertThat(page.locator("#fs-lru-scan")).containsText("1 evicted");
        assertOnNoList(lru, pfn);
        assertThat(page.locator("#fs-folio th:text-is('LRU') + td")).hasText("none");
        assertThat(page.locator("#fs-lru-moves-head [data-move='evict']")).containsText("evict 1");
        waitForChart(page.locator("#fs-lru-moves"));
        screenshot("lru-evicted");

        // the folio inspector on that folio, then out of shrink_folio_list: free_unref_folios freed it
        inWindow.click();
        debugger.idle();
        assertUrlContains("view=lru&pfn=" + pfn);
        debugger.stepOut();
        assertThat(debugger.currentEventText()).doesNotStartWith("shrink_folio_list");
        assertThat(page.locator("#fs-folio-pfn")).hasText(pfn);
        assertThat(page.locator("#fs-folio .fs-mm-head")).containsText("free");
        assertThat(page.locator("#fs-folio th:text-is('LRU') + td")).hasText("none");
        assertOnNoList(lru, pfn);
        // still inside shrink_inactive_list: the scan window shows it evicted
        assertThat(inWindow).hasClass(java.util.regex.Pattern.compile(".*fs-evicted.*"));
        screenshot("lru-evicted-freed");

        // shrink_inactive_list has counted what it stole (at priority 12 it scanned 5950 >> 12 = 1
        // folio): /proc/vmstat highlights the line
        assertThat(debugger.currentEventText()).startsWith("mm_vmscan_lru_shrink_inactive(nr_scanned=1 page, nr_reclaimed=1 page,");
        page.locator("#fs-tab-allocator").click();
        debugger.idle();
        page.locator("#fs-proc vaadin-tab", new Page.LocatorOptions().setHasText("/proc/vmstat")).click();
        debugger.idle();
        assertThat(page.locator("#fs-vmstat .fs-changed", new Page.LocatorOptions().setHasText("pgsteal_direct")))
                .hasText("pgsteal_direct 1");
        assertThat(consoleErrors).isEmpty();
    }

    private static void assertOnNoList(Locator lru, String pfn) {
        for (String list : List.of("inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable")) {
            assertThat(lru.locator("[data-lru='" + list + "'] .fs-cell[data-go='pfn=" + pfn + "']")).hasCount(0);
        }
    }

    /** Clicks the first marker of a kind on the reclaim timeline; returns the step it stands for. */
    private int clickFirstMarker(Locator chart, String kind) {
        @SuppressWarnings("unchecked")
        List<Number> first = (List<Number>) chart.evaluate("(el, name) => {"
                + " const s = el.chart.getOption().series; const i = s.findIndex(x => x.name === name);"
                + " const d = s[i].data[0]; return [i].concat(d.value, [Number(d.name.split(' ')[1])]); }", kind);
        clickChartData(chart, first.get(0).intValue(), first.get(1).doubleValue(), first.get(2).doubleValue());
        page.mouse().move(0, 0); // the tooltip would cover the chart in screenshots
        return first.get(3).intValue();
    }

}
