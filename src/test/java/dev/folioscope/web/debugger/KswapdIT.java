package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.web.BrowserTestBase;
import org.junit.jupiter.api.Test;

/**
 * kswapd and the watermark boost in the zones panel, on watermark-boost: a fragmenting fallback
 * boosts the watermarks, kswapd takes the boost off after one fruitless run, and sixteen fruitless
 * runs make the node hopeless. Every number is worked out here from the scenario's notes.
 *
 * <p>The machine: 16 MiB, one ZONE_DMA of 4096 pages, min/low/high 128/160/192 (the
 * description). boost_watermark adds max(pageblock_nr_pages, high x 15000 / 10000) = max(512,
 * 288) = 512 pages to every watermark, at most that much in all: 640/672/704. kswapd gives up on
 * a node after MAX_RECLAIM_RETRIES = 16 runs that reclaim nothing (no page is on an LRU here).
 */
class KswapdIT extends BrowserTestBase {
    private static final String ZONE = "DMA";

    @Test
    void boostIsTakenOffByKswapdUntilTheNodeIsHopeless() {
        open("/debug/watermark-boost");
        DebuggerPage debugger = new DebuggerPage(page);
        ZonesElement zones = debugger.zones();
        assertThat(zones.kswapd()).hasText("node 0 \u00b7 kswapd asleep \u00b7 failures 0/16");
        assertThat(zones.zone(ZONE)).containsEntry("free", "4096").containsEntry("min", "128")
                .containsEntry("low", "160").containsEntry("high", "192").containsEntry("boost", "0");

        // Steps 1-3 took 3 x 1024 + 512 + 256 pages: one order-8 block is left.
        debugger.toScenarioStep(4);
        assertThat(debugger.currentEvent()).containsText("step 4: alloc pin");
        assertThat(zones.zone(ZONE)).containsEntry("free", "256").containsEntry("boost", "0");

        // During the allocation: __rmqueue_claim's fallback boosts the watermarks.
        debugger.clickEvent("boost_watermark(zone=DMA,");
        assertThat(debugger.eventFunction()).containsText("boost_watermark");
        assertThat(zones.zone(ZONE)).containsEntry("boost", "512").containsEntry("min", "640")
                .containsEntry("low", "672").containsEntry("high", "704").containsEntry("free", "256");
        assertThat(debugger.proc().zoneinfo(ZONE)).contains("\n        boost    512\n");
        assertThat(zones.kswapd()).hasText("node 0 \u00b7 kswapd asleep \u00b7 failures 0/16");
        debugger.stepForward();
        assertThat(zones.flags(ZONE)).containsExactly("ZONE_BOOSTED_WATERMARK");

        // rmqueue clears the flag as it wakes kswapd, which runs once the allocation returns.
        debugger.clickEvent("wakeup_kswapd(zone=DMA, order=0, highest_zoneidx=");
        assertThat(debugger.currentEventText()).endsWith(") = WOKEN");
        debugger.stepForward();
        assertThat(zones.kswapd()).containsText("kswapd woken");
        assertThat(zones.flags(ZONE)).isEmpty();
        assertThat(zones.zone(ZONE)).containsEntry("boost", "512");

        // The end of step 4: kswapd reclaimed nothing (one failure) but took the boost off. The
        // order-0 refill took one page of the order-8 block: 255 free.
        debugger.toEndOfScenarioStep(4);
        assertThat(zones.kswapd()).hasText("node 0 \u00b7 kswapd asleep \u00b7 failures 1/16");
        assertThat(zones.zone(ZONE)).containsEntry("boost", "0").containsEntry("min", "128")
                .containsEntry("low", "160").containsEntry("high", "192").containsEntry("free", "255");
        assertThat(debugger.proc().zoneinfo(ZONE)).contains("\n        boost    0\n")
                .contains("\n  node_unreclaimable:  0\n");

        // Step 5: an order-4 block passes low without the boost (255 - 15 > 160): 255 - 16 left.
        debugger.stepForward();
        debugger.overScenarioStep();
        assertThat(zones.zone(ZONE)).containsEntry("free", "239").containsEntry("boost", "0");

        // Step 6: an order-6 block (239 - 64); the woken kswapd fails 15 more times: hopeless.
        debugger.stepForward();
        assertThat(debugger.currentEvent()).containsText("step 6: alloc deep");
        debugger.overScenarioStep();
        assertThat(zones.kswapd()).hasText("node 0 \u00b7 kswapd asleep \u00b7 failures 16/16 (hopeless)");
        assertThat(zones.zone(ZONE)).containsEntry("free", "175");
        assertThat(debugger.proc().zoneinfo(ZONE)).contains("\n  node_unreclaimable:  1\n");

        // The end: step 7's order-5 block (175 - 32) boosted again, for good; step 8 is refused.
        debugger.end();
        assertThat(debugger.stepLabel()).hasText(debugger.lastStep() + " / " + debugger.lastStep());
        assertThat(debugger.currentEvent()).containsText("warn_alloc");
        assertThat(zones.kswapd()).hasText("node 0 \u00b7 kswapd asleep \u00b7 failures 16/16 (hopeless)");
        assertThat(zones.zone(ZONE)).containsEntry("free", "143").containsEntry("boost", "512")
                .containsEntry("min", "640");
        assertThat(debugger.proc().zoneinfo(ZONE)).contains("\n        boost    512\n")
                .contains("\n  node_unreclaimable:  1\n");
        screenshot("kswapd-hopeless");
        assertThat(consoleErrors).isEmpty();
    }
}
