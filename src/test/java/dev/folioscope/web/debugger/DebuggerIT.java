package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.folioscope.web.debugger.FreeListsElement.MOVABLE;
import static dev.folioscope.web.debugger.FreeListsElement.UNMOVABLE;
import static dev.folioscope.web.debugger.ProcElement.buddyinfoLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.debugger.FreeListsElement.Pageset;
import dev.folioscope.web.recordings.RecordingService;
import dev.folioscope.web.scenarios.ScenarioListPage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The debugger end to end in Chromium: the scenario list, stepping by keyboard, step over and out,
 * the step field, deep links and bad links, the heatmap and the timeline.
 *
 * <p>Expected kernel state is worked out by hand from the scenario notes and the kernel's rules,
 * never computed through the code under test; the events where a note's state holds are found
 * the way a user finds them (Shift+→ from one scenario step to the next, a click on the event
 * list). The recording is asked for its last step only, to know where the end is.
 *
 * <p>Most tests use buddy-split-merge: 16 MiB, all of it ZONE_DMA, 4096 pages booted as four free
 * Movable order-10 blocks at pfns 0x0, 0x400, 0x800, 0xc00, and one CPU.
 */
class DebuggerIT extends BrowserTestBase {
    private static final String SPLIT_MERGE = "buddy-split-merge";

    /** buddyinfo at boot: four order-10 blocks. */
    private static final String BOOTED = dma(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4);
    /**
     * buddyinfo after step 1: the order-10 block at pfn 0 was split ten times for one page, which
     * left one free block of each order 9..0 (pfns 0x200, 0x100, ... 0x1).
     */
    private static final String SPLIT = dma(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3);

    /** What holds after each scenario step of buddy-split-merge, from its notes. */
    private record After(String buddyinfo, long free, int pcp) {
    }

    private static final List<After> SPLIT_MERGE_STEPS = List.of(
            // 1: one page went buddy -> CPU 0's list (the refill of one, batch 1) -> the caller
            new After(SPLIT, 4095, 0),
            // 2: freed to CPU 0's per-CPU list: buddyinfo and NR_FREE_PAGES do not move
            new After(SPLIT, 4095, 1),
            // 3: drain_all_pages: pfn 0 merges with 0x1, 0x2, ... 0x200 back to order 10
            new After(BOOTED, 4096, 0),
            // 4: two order-4 blocks from the block at 0x400; left 0x420 (5), 0x440 (6), 0x480 (7),
            //    0x500 (8), 0x600 (9); order 10: 0x0 (now Unmovable), 0x800, 0xc00. 4096 - 32
            new After(dma(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3), 4064, 0),
            // 5: the order-5 block 0x420, no split. 4064 - 32
            new After(dma(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 3), 4032, 0),
            // 6: 0x400 freed, its buddy 0x410 is in use: back on the order-4 list. 4032 + 16
            new After(dma(0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 3), 4048, 0),
            // 7: 0x410 freed, merges with 0x400 to order 5; 0x420 is in use. 4048 + 16
            new After(dma(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3), 4064, 0),
            // 8: 0x420 freed: 5 -> 6 -> ... -> 10 at 0x400
            new After(BOOTED, 4096, 0));

    @Autowired
    private RecordingService recordings;

    private static String dma(int... freeBlocks) {
        return buddyinfoLine("DMA", freeBlocks);
    }

    /** The scenario's last step, for navigation only: never an expected kernel state. */
    private int lastStep(String scenario) {
        return recordings.record(scenario, recordings.scenario(scenario), "DebuggerIT", p -> { }).result().join()
                .lastStep();
    }

    private DebuggerPage openDebugger(String pathAndQuery) {
        open("/debug/" + pathAndQuery);
        return new DebuggerPage(page);
    }

    @Test
    void openFromListAndStepThroughEveryScenarioStepByKeyboard() {
        int last = lastStep(SPLIT_MERGE);
        open("/");
        ScenarioListPage list = new ScenarioListPage(page);
        assertThat(list.card(SPLIT_MERGE)).containsText("Buddy split and merge");
        // 16 MiB = 4096 pages of 4 KiB, all in ZONE_DMA; the file has eight steps
        assertThat(list.machine(SPLIT_MERGE)).hasText("16 MiB (DMA 4096 pages) \u00b7 1 CPU \u00b7 8 steps \u00b7 seed 1");
        screenshot("scenario-list");

        list.openScenario(SPLIT_MERGE);
        DebuggerPage debugger = new DebuggerPage(page);
        assertThat(debugger.stepLabel()).hasText("0 / " + last);
        assertThat(debugger.currentEvent()).hasText("(boot)");
        assertThat(debugger.proc().buddyinfo()).isEqualTo(BOOTED);

        debugger.stepForward(10);
        assertThat(debugger.stepLabel()).hasText("10 / " + last);
        debugger.stepBack(3);
        assertThat(debugger.stepLabel()).hasText("7 / " + last);
        assertUrlEndsWith("/debug/" + SPLIT_MERGE + "?step=7");
        screenshot("debugger-step-7");

        debugger.home();
        debugger.stepForward();
        for (int k = 1; k <= SPLIT_MERGE_STEPS.size(); k++) {
            After after = SPLIT_MERGE_STEPS.get(k - 1);
            assertThat(debugger.currentEventText()).startsWith("step " + k + ": ");
            debugger.overScenarioStep();
            assertThat(debugger.proc().buddyinfo()).as("buddyinfo after step " + k).isEqualTo(after.buddyinfo());
            assertThat(debugger.zones().zone("DMA")).as("zone DMA after step " + k)
                    .containsEntry("free", Long.toString(after.free()))
                    .containsEntry("pcp", Integer.toString(after.pcp()));
            if (k == 2) {
                // The freed page waits at the head of CPU 0's order-0 Unmovable list. high: the
                // first refill (step 1) set it to high_min = low 160 / 1 CPU, plus the batch, 1.
                assertThat(debugger.freeLists().pageset(0)).isEqualTo(new Pageset(1, 161, 1));
                assertThat(debugger.freeLists().nonEmptyPcpLists()).containsExactly(Map.entry("0,0,0", 1));
            }
            debugger.stepForward();
        }
        assertThat(debugger.stepLabel()).hasText(last + " / " + last);
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void stepOverAndStepOutFollowTheCallTree() {
        DebuggerPage debugger = openDebugger(SPLIT_MERGE);
        // Step 3, drain_all_pages: __free_one_page merges pfn 0 with its buddy at each order, one
        // "buddy merge" per round, each taking the buddy off its free list.
        debugger.toScenarioStep(3);
        debugger.clickEvent("buddy merge(zone=DMA, pfn=0x0, order=0,");
        int merge0 = debugger.step();

        debugger.stepOver();
        assertThat(debugger.currentEvent()).containsText("buddy merge(zone=DMA, pfn=0x0, order=1,");
        assertThat(debugger.step()).as("over the one call inside").isEqualTo(merge0 + 2);
        debugger.stepForward();
        assertThat(debugger.currentEvent()).containsText("__del_page_from_free_list(zone=DMA, pfn=0x2, order=1,");

        debugger.stepOut();
        assertThat(debugger.currentEvent()).containsText("buddy merge(zone=DMA, pfn=0x0, order=2,");
        debugger.stepBackOver();
        assertThat(debugger.currentEvent()).containsText("buddy merge(zone=DMA, pfn=0x0, order=1,");

        debugger.clickEvent("__free_one_page(zone=DMA, pfn=0x0, order=0,");
        debugger.stepOver();
        assertThat(debugger.currentEvent()).containsText("step 4: alloc small");
        assertThat(debugger.proc().buddyinfo()).isEqualTo(BOOTED);
    }

    @Test
    void stepFieldJumpsOnEnterAndKeepsArrowsForTheCaret() {
        int last = lastStep(SPLIT_MERGE);
        DebuggerPage debugger = openDebugger(SPLIT_MERGE + "?step=2");
        debugger.typeStep("42");
        assertThat(debugger.stepLabel()).hasText("42 / " + last);
        assertThat(debugger.currentEventNumber()).hasText("42");

        debugger.stepField().press("ArrowLeft"); // moves the caret in the field, not the debugger
        waitForVaadin();
        assertThat(debugger.stepLabel()).hasText("42 / " + last);
        debugger.key("End");
        assertThat(debugger.stepLabel()).hasText("42 / " + last);

        page.locator("#fs-event").click(new Locator.ClickOptions().setPosition(5, 5));
        debugger.end();
        assertThat(debugger.stepLabel()).hasText(last + " / " + last);
        assertThat(debugger.proc().buddyinfo()).isEqualTo(BOOTED);
        debugger.home();
        assertThat(debugger.stepLabel()).hasText("0 / " + last);
        assertThat(debugger.eventHeading()).hasText("Step 0 \u2014 booted machine");
        assertThat(debugger.proc().buddyinfo()).isEqualTo(BOOTED);
    }

    @Test
    void deepLinkRestoresStepAndFocus() {
        int last = lastStep(SPLIT_MERGE);
        DebuggerPage found = openDebugger(SPLIT_MERGE);
        found.toEndOfScenarioStep(1);
        int endOfSplit = found.step();

        String query = "step=" + endOfSplit + "&zone=DMA&order=9&mt=Unmovable&pfn=0x200";
        DebuggerPage debugger = openDebugger(SPLIT_MERGE + "?" + query);

        assertThat(debugger.stepLabel()).hasText(endOfSplit + " / " + last);
        assertThat(debugger.stepField()).hasValue(Integer.toString(endOfSplit));
        assertThat(debugger.zones().focused()).containsText("DMA");
        FreeListsElement lists = debugger.freeLists();
        assertThat(lists.heading()).containsText("zone DMA");
        // expand() left the upper half of the claimed block, pfns 0x200-0x3ff, on the order-9 list
        // of the new type: the one block there.
        assertThat(lists.listHead()).hasText("DMA free_area[9].free_list[Unmovable]: 1 block, 512 pages");
        assertThat(lists.blockRanges()).containsExactly("0x200-0x3ff");
        assertThat(lists.focusedBlock()).containsText("0x200-0x3ff");
        assertThat(lists.pageInfoRows())
                .containsEntry("PageBuddy", "yes, order 9")
                .containsEntry("pageblock", "0x200 Unmovable")
                .containsEntry("where", "free: 0x200-0x3ff order 9 on free_list[Unmovable]");
        assertThat(debugger.proc().buddyinfo()).isEqualTo(SPLIT);
        assertUrlEndsWith("/debug/" + SPLIT_MERGE + "?" + query);
        assertThat(debugger.notifications()).hasCount(0);
    }

    @Test
    void stepOutOfRangeIsReportedAndClamped() {
        int last = lastStep(SPLIT_MERGE);
        DebuggerPage debugger = openDebugger(SPLIT_MERGE + "?step=999999");
        assertThat(debugger.notification("step 999999 is outside 0.." + last + "; showing step " + last)).isVisible();
        assertThat(debugger.stepLabel()).hasText(last + " / " + last);
        assertUrlEndsWith("?step=" + last);
        assertThat(debugger.proc().buddyinfo()).isEqualTo(BOOTED);
        screenshot("bad-step");
    }

    @Test
    void stepNotANumberIsReported() {
        int last = lastStep(SPLIT_MERGE);
        DebuggerPage debugger = openDebugger(SPLIT_MERGE + "?step=abc&mt=Sideways&pfn=zz");
        assertThat(debugger.notification("step 'abc' is not a number")).isVisible();
        assertThat(debugger.notification("mt 'Sideways'")).isVisible();
        // 4096 pages and the zero page's above them: pfns 0x0..0x1000
        assertThat(debugger.notification("pfn 'zz' is not a pfn of this machine (0x0..0x1000)")).isVisible();
        assertThat(debugger.stepLabel()).hasText("0 / " + last);
        assertUrlEndsWith("/debug/" + SPLIT_MERGE + "?step=0"); // the bad values are gone
    }

    @Test
    void unknownScenarioGoesBackToTheList() {
        open("/debug/no-such-scenario?step=3");
        assertThat(page.locator("vaadin-notification-card")
                .filter(new Locator.FilterOptions().setHasText("no-such-scenario")))
                .isVisible();
        assertThat(page.locator("#fs-scenarios")).isVisible();
        assertThat(page).hasURL(Pattern.compile(".*:" + port + "/?$"));
    }

    @Test
    void heatmapCellFocusesFreeList() {
        DebuggerPage debugger = openDebugger(SPLIT_MERGE);
        debugger.toEndOfScenarioStep(1);
        FreeListsElement lists = debugger.freeLists();

        // The three order-10 blocks step 1 did not touch, in boot order; step 4's note takes
        // 0x400 first, the head.
        lists.clickHeatmapCell(10, MOVABLE);
        assertUrlContains("&zone=DMA&order=10&mt=Movable");
        assertThat(lists.listHead()).hasText("DMA free_area[10].free_list[Movable]: 3 blocks, 3072 pages");
        assertThat(lists.blockRanges()).containsExactly("0x400-0x7ff", "0x800-0xbff", "0xc00-0xfff");

        lists.clickHeatmapCell(9, UNMOVABLE);
        assertUrlContains("&order=9&mt=Unmovable");
        assertThat(lists.listHead()).hasText("DMA free_area[9].free_list[Unmovable]: 1 block, 512 pages");
        assertThat(lists.blockRanges()).containsExactly("0x200-0x3ff");

        lists.clickBlock(0);
        assertUrlEndsWith("&order=9&mt=Unmovable&pfn=0x200");
        assertThat(lists.pageInfo()).containsText("page 0x200");
        assertThat(lists.pageInfoRows())
                .containsEntry("PageBuddy", "yes, order 9")
                .containsEntry("refcount", "0")
                .containsEntry("where", "free: 0x200-0x3ff order 9 on free_list[Unmovable]");
        screenshot("heatmap-focus");
    }

    @Test
    void timelineClickMovesTheStep() {
        int last = lastStep(SPLIT_MERGE);
        DebuggerPage debugger = openDebugger(SPLIT_MERGE + "?step=0");

        debugger.clickTimeline(60); // fewer than 2000 steps: one sample per step

        assertThat(debugger.stepLabel()).hasText("60 / " + last);
        assertThat(debugger.currentEventNumber()).hasText("60");
        assertThat(debugger.stepField()).hasValue("60");
        assertUrlEndsWith("?step=60");
    }

    @Test
    void timelineOfALongRecordingIsDownsampled() {
        int last = lastStep("fragmentation");
        assertThat(last).as("long enough to be thinned").isGreaterThan(10_000);
        DebuggerPage debugger = openDebugger("fragmentation?step=0");
        waitForChart(debugger.timeline());
        // At most 2000 samples, evenly spaced, the first and last step included.
        List<?> steps = (List<?>) debugger.timeline().evaluate("el => el.chart.getOption().xAxis[0].data");
        assertThat(steps).hasSize(2000);
        assertThat(steps.getFirst()).isEqualTo("0");
        assertThat(steps.getLast()).isEqualTo(Integer.toString(last));
        int index = 1200;

        debugger.clickTimeline(index);

        // 2000 samples on ~1500 px: the click may land on a neighbouring sample, but on a sample.
        double spacing = last / 1999.0;
        assertThat((double) debugger.step()).isCloseTo(index * spacing, within(1.5 * spacing));
        assertThat(steps.indexOf(Integer.toString(debugger.step()))).isBetween(index - 1, index + 1);
        assertUrlEndsWith("?step=" + debugger.step());
        screenshot("timeline-click");
    }

    @Test
    void overviewScreenshot() {
        // zone-fallback, step 2: Normal has 1024 free pages, and an order-10 block would leave 1.
        // Normal's watermarks: min_free_kbytes = int_sqrt(4 KiB x 1075200 managed pages x 16) = 8295,
        // pages_min 8295 / 4 = 2073, Normal's share 2073 x 26624 / 1075200 = 51; low = min + max(51 / 4,
        // 26624 x 10 / 10000) = 51 + 26 = 77. A GFP_KERNEL request's highest zone is Normal itself:
        // lowmem_reserve 0. The first check of the zone is against high (the zone is not yet marked
        // below high); the note's check is the next one, against low.
        DebuggerPage debugger = openDebugger("zone-fallback");
        debugger.toScenarioStep(2);
        for (int i = 0; i < 20 && !(debugger.watermarkCheck().count() > 0
                && debugger.watermarkCheck().textContent().contains("needs > low")); i++) {
            debugger.stepForward();
        }
        assertThat(debugger.eventFunction()).containsText("zone_watermark_ok");
        assertThat(debugger.watermarkCheck()).hasText("NR_FREE_PAGES 1024 \u2212 1023 unusable (order-10 tail) = 1,"
                + " needs > low 77 + lowmem_reserve[Normal] 0 = 77; and a free block of order \u2265 10 (found): fails.");
        assertThat(debugger.zones().zone("Normal")).containsEntry("free", "1024").containsEntry("min", "51")
                .containsEntry("low", "77").containsEntry("high", "103");
        debugger.zones().focus("Normal");
        FreeListsElement lists = debugger.freeLists();
        lists.clickHeatmapCell(10, MOVABLE);
        assertThat(lists.listHead()).hasText("Normal free_area[10].free_list[Movable]: 1 block, 1024 pages");
        waitForChart(debugger.timeline());
        page.waitForTimeout(300);
        screenshot("debugger");
        assertThat(consoleErrors).isEmpty();
        assertThat(page.title()).contains("Zone fallback");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "debugger-full.png"))
                .setFullPage(true));
    }
}
