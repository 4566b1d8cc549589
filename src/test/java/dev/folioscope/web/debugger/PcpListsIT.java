package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.folioscope.web.debugger.FreeListsElement.UNMOVABLE;
import static dev.folioscope.web.debugger.ProcElement.buddyinfoLine;
import static dev.folioscope.web.debugger.ProcElement.pagesFreeLine;
import static dev.folioscope.web.debugger.ProcElement.pagesetLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.debugger.FreeListsElement.Pageset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The per-CPU lists view on pcp-lists: the pageset table under the heatmap, walking a CPU's list,
 * where a page on it is, and the link that brings all of it back. Every number is worked out
 * here from the scenario's notes and the kernel's rules.
 *
 * <p>The machine: 64 MiB, two CPUs; ZONE_DMA (4096 pages) and DMA32, 12288 pages at pfns
 * 0x1000-0x3fff, booted as twelve free order-10 blocks. DMA32's pagesets, worked out as
 * zone_batchsize and zone_highsize do: batch = 12288 >> 10 = 12, / 4 = 3, rounddown_pow_of_two(3 +
 * 1) - 1 = 3; high_min = low watermark 240 / 2 CPUs = 120; high_max = 12288 / 8 / 2 CPUs = 768;
 * high starts at 0 (unused).
 */
class PcpListsIT extends BrowserTestBase {
    private static final Pattern FOCUSED = Pattern.compile(".*\\bfs-focused\\b.*");
    private static final int HIGH_MIN = 120;
    private static final int HIGH_MAX = 768;
    private static final int BATCH = 3;
    /**
     * Step 1 takes 40 pages on CPU 0. rmqueue_bulk refills the empty list four times, each batch
     * doubled by alloc_factor: 3 + 6 + 12 + 24 = 45 pages. Each refill raises high by its batch
     * (the first from 0 to high_min): 120 + 45 = 165. 45 - 40 = 5 stay on the list.
     */
    private static final int HIGH_AFTER_STEP_1 = HIGH_MIN + 3 + 6 + 12 + 24;
    /** NR_FREE_PAGES of DMA32 after step 1 and 2: the 45 pages refilled left the buddy lists. */
    private static final int FREE_AFTER_STEP_1 = 12288 - 45;
    /**
     * buddyinfo after step 1. The first refill claims the Movable order-10 block at 0x1000 for
     * Unmovable, and smallest-first allocation with expand() hands out its pages in pfn order:
     * 0x1000..0x102c are gone, and the rest of the block, pages 45..1023 of it, is free as one
     * block each of order 0 (45), 1 (46), 4 (48), 6 (64), 7 (128), 8 (256) and 9 (512).
     */
    private static final String BUDDYINFO_AFTER_STEP_1 = buddyinfoLine("DMA", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4)
            + buddyinfoLine("DMA32", 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 11);

    @Test
    void pagesetTableFollowsRefillsAndFreesToTheHead() {
        open("/debug/pcp-lists");
        DebuggerPage debugger = new DebuggerPage(page);
        FreeListsElement lists = debugger.freeLists();
        lists.showZone("DMA32");
        assertThat(lists.heading()).hasText("Free lists \u2014 zone DMA32");
        assertUrlEndsWith("?step=0&zone=DMA32");
        assertThat(lists.pageset(0)).isEqualTo(new Pageset(0, 0, BATCH));
        assertThat(lists.pageset(1)).isEqualTo(new Pageset(0, 0, BATCH));
        assertThat(lists.nonEmptyPcpLists()).isEmpty();
        assertThat(debugger.proc().zoneinfo("DMA32"))
                .contains(pagesetLines(0, 0, 0, BATCH, HIGH_MIN, HIGH_MAX))
                .contains(pagesetLines(1, 0, 0, BATCH, HIGH_MIN, HIGH_MAX));

        debugger.stepForward();
        assertThat(debugger.currentEvent()).containsText("step 1: alloc a: 40 \u00d7 order 0");
        debugger.overScenarioStep();
        assertCpu0Holds(debugger, 5);

        // Step 2: the 40 go to the head of CPU 0's list; 45 < high, so none goes back.
        debugger.stepForward();
        assertThat(debugger.currentEvent()).containsText("step 2: free a");
        debugger.overScenarioStep();
        assertCpu0Holds(debugger, 45);
        int endOfStep2 = debugger.step();

        lists.walkPcpList(0, 0, UNMOVABLE);
        assertUrlEndsWith("&zone=DMA32&order=0&mt=Unmovable&cpu=0");
        assertThat(lists.listHead()).hasText("DMA32 CPU 0 pcp list, order 0 Unmovable: 45 blocks, 45 pages"
                + " (pageset 45 of high " + HIGH_AFTER_STEP_1 + ")");
        assertThat(lists.blockRanges()).containsExactlyElementsOf(cpu0ListAfterStep2());
        assertThat(lists.pcpList(0, 0, UNMOVABLE)).hasClass(FOCUSED);
        // The table stays whole beside a long list (it used to shrink to its header row).
        assertThat(lists.pagesetTable().evaluate("t => t.scrollHeight <= t.clientHeight + 1"))
                .as("every row of the pageset table shown without scrolling").isEqualTo(true);

        lists.clickBlock(0);
        assertUrlEndsWith("?step=" + endOfStep2 + "&zone=DMA32&order=0&mt=Unmovable&pfn=0x1027&cpu=0");
        assertPage0x1027OnCpu0(lists);
        screenshot("pcp-lists");

        String link = page.url();
        page.navigate(link);
        DebuggerPage reopened = new DebuggerPage(page);
        FreeListsElement again = reopened.freeLists();
        assertThat(reopened.stepLabel()).hasText(endOfStep2 + " / " + reopened.lastStep());
        assertThat(again.heading()).hasText("Free lists \u2014 zone DMA32");
        assertThat(again.listHead()).hasText("DMA32 CPU 0 pcp list, order 0 Unmovable: 45 blocks, 45 pages"
                + " (pageset 45 of high " + HIGH_AFTER_STEP_1 + ")");
        assertThat(again.blockRanges()).containsExactlyElementsOf(cpu0ListAfterStep2());
        assertThat(again.focusedBlock()).hasText(Pattern.compile("0x1027-0x1027$"));
        assertThat(again.pcpList(0, 0, UNMOVABLE)).hasClass(FOCUSED);
        assertPage0x1027OnCpu0(again);
        assertUrlEndsWith(link.substring(link.indexOf("/debug/")));
        assertThat(reopened.notifications()).hasCount(0);
        assertThat(consoleErrors).isEmpty();
    }

    /**
     * Of the THP order the pagesets have only an Unmovable and a Movable list (order_to_pindex puts
     * a Reclaimable block on the first): a link to a Reclaimable order-9 list walks nothing.
     */
    @Test
    void aLinkToAPcpListThatDoesNotExistWalksNoOtherList() {
        open("/debug/pcp-lists?step=0&zone=DMA32&order=9&mt=Reclaimable&cpu=0");
        DebuggerPage debugger = new DebuggerPage(page);
        FreeListsElement lists = debugger.freeLists();
        assertThat(lists.listHint()).hasText("CPU 0 has no per-CPU list for order 9 Reclaimable.");
        assertThat(lists.listHead()).hasCount(0);
        assertThat(lists.blocks()).hasCount(0);
    }

    /**
     * After step 1 and after step 2: CPU 0's pageset holds {@code count} pages, all on its order-0
     * Unmovable list, with high raised by step 1's refills; CPU 1's is unused; the zone's free pages
     * and buddy lists are as step 1 left them (a pcp free does not reach the buddy lists).
     */
    private static void assertCpu0Holds(DebuggerPage debugger, int count) {
        FreeListsElement lists = debugger.freeLists();
        assertThat(lists.pageset(0)).isEqualTo(new Pageset(count, HIGH_AFTER_STEP_1, BATCH));
        assertThat(lists.pageset(1)).isEqualTo(new Pageset(0, 0, BATCH));
        assertThat(lists.nonEmptyPcpLists()).containsExactly(Map.entry("0,0," + UNMOVABLE, count));
        assertThat(debugger.zones().zone("DMA32")).containsEntry("free", Integer.toString(FREE_AFTER_STEP_1))
                .containsEntry("pcp", Integer.toString(count));
        assertThat(debugger.proc().buddyinfo()).isEqualTo(BUDDYINFO_AFTER_STEP_1);
        assertThat(debugger.proc().zoneinfo("DMA32"))
                .contains(pagesFreeLine(FREE_AFTER_STEP_1))
                .contains(pagesetLines(0, count, HIGH_AFTER_STEP_1, BATCH, HIGH_MIN, HIGH_MAX))
                .contains(pagesetLines(1, 0, 0, BATCH, HIGH_MIN, HIGH_MAX));
    }

    private static void assertPage0x1027OnCpu0(FreeListsElement lists) {
        assertThat(lists.pageInfo()).containsText("page 0x1027");
        assertThat(lists.pageInfoRows())
                .containsEntry("zone", "DMA32")
                .containsEntry("PageBuddy", "no")
                .containsEntry("refcount", "0")
                .containsEntry("pageblock", "0x1000 Unmovable")
                .containsEntry("where", "free: 0x1027-0x1027 order 0 on CPU 0's per-CPU list (Unmovable),"
                        + " not counted in NR_FREE_PAGES");
    }

    /**
     * CPU 0's order-0 Unmovable list after step 2, head first. Step 1 handed out 0x1000..0x1027 in
     * pfn order (the refills put pages at the list's tail, allocations take the head) and left
     * 0x1028..0x102c on the list; step 2 freed 0x1000 first and 0x1027 last, each to the head.
     */
    private static List<String> cpu0ListAfterStep2() {
        List<String> ranges = new ArrayList<>();
        for (int pfn = 0x1027; pfn >= 0x1000; pfn--) {
            ranges.add(range(pfn));
        }
        for (int pfn = 0x1028; pfn <= 0x102c; pfn++) {
            ranges.add(range(pfn));
        }
        return ranges;
    }

    private static String range(int pfn) {
        return "0x" + Integer.toHexString(pfn) + "-0x" + Integer.toHexString(pfn);
    }
}
