package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
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
