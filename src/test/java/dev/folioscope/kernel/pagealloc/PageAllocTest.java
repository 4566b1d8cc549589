package dev.folioscope.kernel.pagealloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.trace.AllocFailReason;
import dev.folioscope.kernel.trace.PageAllocEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The buddy allocator against hand-worked expectations. The 16 MiB machine has 4096 pages, all in
 * ZONE_DMA, booted as four free order-10 Movable blocks at pfns 0, 1024, 2048 and 3072.
 */
class PageAllocTest {
    private static final int MOVABLE = MigrateType.MOVABLE.ordinal();
    private static final int UNMOVABLE = MigrateType.UNMOVABLE.ordinal();

    private final Kernel k = TestMachines.boot(16L << 20);
    private final Zone dma = k.node().zone(ZoneType.DMA);
    private final PageAlloc alloc = k.pageAlloc();

    @Test
    void bootHandsFourOrder10BlocksToTheMovableLists() {
        assertEquals(4096, dma.freePages());
        assertEquals(4, dma.nrFree(10, MOVABLE));
        assertEquals(0, dma.freeListHead(10, MOVABLE));
        assertEquals(1024, k.mem().next(0));
    }

    @Test
    void anOrder0RequestSplitsTheFirstOrder10BlockAndLeavesOneBlockOfEachSmallerOrder() {
        int pfn = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);

        assertEquals(0, pfn, "expand keeps the lowest pages");
        for (int order = 0; order < 10; order++) {
            assertEquals(1, dma.nrFree(order, MOVABLE), "one free block of order " + order);
            assertEquals(1 << order, dma.freeListHead(order, MOVABLE), "the upper half of each split");
        }
        assertEquals(3, dma.nrFree(10));
        assertEquals(4095, dma.freePages());
        assertEquals(1, k.mem().refcount(0));
        InvariantChecker.checkAccounting(k, List.of(new int[] {0, 0}));
    }

    @Test
    void drainedPagesMergeWithFreeBuddiesOnlyUpToTheFirstAllocatedOne() {
        int a = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        int b = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        assertEquals(1, b, "the order-0 remainder at pfn 1 is taken next");
        alloc.freePages(b, 0);
        alloc.freePages(a, 0);
        // The second refill took two pages (alloc_factor doubled the batch): pfn 2 is still listed.
        assertEquals(3, dma.pcp(0).count, "a, b and pfn 2 wait on the per-CPU list, a at its head");

        alloc.drainAllPages();

        assertEquals(4, dma.nrFree(10), "the drain takes the list from its tail: pfn 2 merges with 3 only, b"
                + " cannot merge with a (still listed), then a merges with 1, 2, 4, ... 512 back to order 10");
        for (int order = 0; order < 10; order++) {
            assertEquals(0, dma.nrFree(order));
        }
        InvariantChecker.checkAccounting(k, List.of());
    }

    @Test
    void anUnmovableRequestClaimsAWholeMovableBlockAndRetypesItsPageblocks() {
        int pfn = alloc.allocPages(Gfp.GFP_KERNEL, 0);

        assertEquals(0, pfn);
        assertEquals(UNMOVABLE, k.mem().pageblockMigratetype(0));
        assertEquals(UNMOVABLE, k.mem().pageblockMigratetype(512));
        assertEquals(MOVABLE, k.mem().pageblockMigratetype(1024), "the other order-10 block keeps its type");
        assertEquals(1, dma.nrFree(9, UNMOVABLE), "the split remainders sit on the Unmovable lists");
    }

    @Test
    void aMovableRequestWithOnlyUnmovableBlocksLeftClaimsTheLargestOne() {
        alloc.allocPages(Gfp.GFP_KERNEL, 0);
        for (int pfn : new int[] {1024, 2048, 3072}) {
            assertEquals(pfn, alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 10));
        }

        int pfn = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);

        assertEquals(512, pfn, "__rmqueue_claim starts at the highest order: the order-9 block at 512");
        assertEquals(MOVABLE, k.mem().pageblockMigratetype(512));
        assertEquals(UNMOVABLE, k.mem().pageblockMigratetype(0));
    }

    @Test
    void aMovableRequestStealsASingleBlockWhenNoPageblockIsWorthClaiming() {
        // pfn 0 claims the order-10 block at 0 for Unmovable; orders 9 and 8 take 512 and 256 of
        // it; the three other order-10 blocks go to movable requests. Left: 255 free pages in
        // Unmovable pageblock 0 (orders 7..0 at 128, 64, ..., 1).
        assertEquals(0, alloc.allocPages(Gfp.GFP_KERNEL, 0));
        assertEquals(512, alloc.allocPages(Gfp.GFP_KERNEL, 9));
        assertEquals(256, alloc.allocPages(Gfp.GFP_KERNEL, 8));
        for (int pfn : new int[] {1024, 2048, 3072}) {
            assertEquals(pfn, alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 10));
        }
        EventCollector events = EventCollector.on(k);

        int pfn = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);

        // __rmqueue_claim tries orders 7..4 (255 free pages are fewer than half the pageblock) and
        // stops at 3, too small to claim for a movable request; __rmqueue_steal takes order 0.
        assertEquals(1, pfn);
        assertEquals(UNMOVABLE, k.mem().pageblockMigratetype(0), "stealing leaves the pageblock's type alone");
        EventCollector.Ev extfrag = events.of(PageAllocEvents.PAGE_ALLOC_EXTFRAG).getFirst();
        assertEquals(0, extfrag.arg("fallback_order"), "fallback order");
        assertEquals(MOVABLE, extfrag.arg("alloc_migratetype"));
        assertEquals(UNMOVABLE, extfrag.arg("fallback_migratetype"));
        assertEquals(PageAllocEvents.RMQUEUE_STEAL, events.events().get(events.events().indexOf(extfrag) - 2).type);
    }

    @Test
    void theSlowPathDropsToTheMinWatermarkAndThenRefuses() {
        // 4096 managed pages: min_free_kbytes = int_sqrt(16384 * 16) = 512, min = 128 pages,
        // low = 128 + max(128 / 4, 4) = 160.
        assertEquals(512, k.minFreeKbytes());
        assertEquals(128, dma.watermark(Watermark.MIN));
        assertEquals(160, dma.watermark(Watermark.LOW));
        TestMachines.allocMovable(k, 10, 10, 10, 9, 8);
        assertEquals(256, dma.freePages());
        EventCollector events = EventCollector.on(k);

        // 256 free minus the 127 unusable for order 7 leaves 129: not above low (160), but above min (128).
        assertTrue(alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 7) >= 0);
        assertFalse(events.of(PageAllocEvents.ALLOC_PAGES_SLOWPATH).isEmpty(), "served by the slow path");
        assertEquals(List.of(), warnAllocReasons(events));

        // 128 free minus 63 for order 6 leaves 65 <= min 128.
        assertEquals(-1, alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 6));
        assertEquals(List.of(AllocFailReason.COSTLY_ORDER.ordinal()), warnAllocReasons(events));
        assertEquals(128, dma.freePages(), "a refused request changes nothing");
    }

    @Test
    void aMachineSmallerThanFivePageblocksDoesNotGroupByMobility() {
        // build_all_zonelists: 2048 pages < 512 * 5 migratetypes, so grouping is off.
        Kernel small = TestMachines.boot(8L << 20);
        assertTrue(small.pageAlloc().mobilityGroupingDisabled());
        assertFalse(alloc.mobilityGroupingDisabled(), "4096 pages are enough");

        assertEquals(0, small.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0));

        Zone smallDma = small.node().zone(ZoneType.DMA);
        assertEquals(UNMOVABLE, small.mem().pageblockMigratetype(0), "even a movable request is Unmovable");
        assertEquals(1, smallDma.nrFree(9, UNMOVABLE));
        assertEquals(0, smallDma.nrFree(9, MOVABLE));
    }

    @Test
    void aDmaRequestIsServedFromZoneDmaAndAKernelRequestFromNormal() {
        Kernel big = TestMachines.boot(4200L << 20);
        int dmaPfn = big.pageAlloc().allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA, 0);
        int dma32Pfn = big.pageAlloc().allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA32, 0);
        int normalPfn = big.pageAlloc().allocPages(Gfp.GFP_KERNEL, 0);

        assertTrue(dmaPfn >= 0 && dmaPfn < 4096, "ZONE_DMA is below 16 MiB: " + dmaPfn);
        assertTrue(dma32Pfn >= 4096 && dma32Pfn < 1 << 20, "ZONE_DMA32 is below 4 GiB: " + dma32Pfn);
        assertTrue(normalPfn >= 1 << 20, "GFP_KERNEL prefers Normal: " + normalPfn);
    }

    @Test
    void kernelAllocationsFallBackToDma32OnceNormalReachesItsLowWatermark() {
        Kernel big = TestMachines.boot(4200L << 20);
        Zone normal = big.node().zone(ZoneType.NORMAL);
        int pfn;
        do {
            pfn = big.pageAlloc().allocPages(Gfp.GFP_KERNEL, 9);
        } while (pfn >= 1 << 20);

        assertTrue(pfn >= 4096, "the fallback is DMA32, not DMA: " + pfn);
        assertTrue(normal.freePages() - 511 <= normal.watermark(Watermark.LOW),
                "Normal was left only when an order-9 request would cross its low watermark");
    }

    @Test
    void lowmemReserveKeepsKernelAllocationsOutOfZoneDma() {
        // 4200 MiB: DMA's protection against Normal requests is (1044480 + 26624) / 256 = 4184
        // pages, more than the 4096 DMA has, so GFP_KERNEL may never fall back into DMA.
        Kernel big = TestMachines.boot(4200L << 20);
        Zone dmaZone = big.node().zone(ZoneType.DMA);
        assertEquals(4184, dmaZone.lowmemReserve(ZoneType.NORMAL.ordinal()));
        while (big.pageAlloc().allocPages(Gfp.GFP_KERNEL, 10) >= 0) {
            // exhaust Normal and DMA32 down to their watermarks
        }
        while (big.pageAlloc().allocPages(Gfp.GFP_KERNEL, 0) >= 0) {
            // and the last single pages above them
        }

        assertEquals(4096, dmaZone.freePages(), "DMA was never touched");
        int dmaPfn = big.pageAlloc().allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA, 0);
        assertTrue(dmaPfn >= 0 && dmaPfn < 4096,
                "a GFP_DMA request, whose highest zone is DMA itself, still gets a DMA page: " + dmaPfn);
    }

    /** The reasons of the WARN_ALLOC events, in order. */
    private static List<Integer> warnAllocReasons(EventCollector events) {
        return events.of(PageAllocEvents.WARN_ALLOC).stream().map(e -> (int) e.arg("reason")).toList();
    }
}
