package dev.folioscope.kernel.pagealloc;

import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_HIGHATOMIC;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_MIN_RESERVE;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NON_BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.trace.AllocFailReason;
import dev.folioscope.kernel.trace.OomEvents;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.VmscanEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * __alloc_pages_slowpath of 6.18, step by step, and every way an allocation fails. The 16 MiB
 * machine (ZONE_DMA only, min 128, low 160, high 192) is first filled with movable blocks of
 * orders 10, 10, 10, 9, 8 and 7, leaving exactly 128 free pages: the min watermark.
 */
class SlowPathTest {
    private final Kernel k = TestMachines.boot(16L << 20);
    private final PageAlloc alloc = k.pageAlloc();

    private void fillToTheMinWatermark() {
        TestMachines.allocMovable(k, 10, 10, 10, 9, 8, 7);
        assertEquals(128, k.node().zone(ZoneType.DMA).freePages());
    }

    @Test
    void theSlowPathWakesKswapdTwiceAndTriesTwiceBeforeReclaimAndTheOomKiller() {
        fillToTheMinWatermark();
        EventCollector events = EventCollector.on(k);

        assertEquals(-1, alloc.allocPages(Gfp.GFP_KERNEL, 0));

        assertEquals(List.of(PageAllocEvents.GET_PAGE_FROM_FREELIST, PageAllocEvents.ALLOC_PAGES_SLOWPATH),
                events.childrenOf(PageAllocEvents.ALLOC_PAGES));
        assertEquals(List.of(
                VmscanEvents.WAKEUP_KSWAPD, PageAllocEvents.GET_PAGE_FROM_FREELIST,
                // retry:
                VmscanEvents.WAKEUP_KSWAPD, PageAllocEvents.GET_PAGE_FROM_FREELIST,
                VmscanEvents.TRY_TO_FREE_PAGES, PageAllocEvents.SHOULD_RECLAIM_RETRY,
                PageAllocEvents.ALLOC_PAGES_MAY_OOM, PageAllocEvents.WARN_ALLOC),
                events.childrenOf(PageAllocEvents.ALLOC_PAGES_SLOWPATH));
        assertEquals(List.of(PageAllocEvents.GET_PAGE_FROM_FREELIST, OomEvents.OUT_OF_MEMORY),
                events.childrenOf(PageAllocEvents.ALLOC_PAGES_MAY_OOM));
        assertEquals(AllocFailReason.NO_KILLABLE_PROCESS.ordinal(), events.of(PageAllocEvents.WARN_ALLOC).getFirst().arg("reason"));
        // The high-watermark try of __alloc_pages_may_oom: ALLOC_WMARK_HIGH | ALLOC_CPUSET.
        assertEquals(AllocFlags.ALLOC_WMARK_HIGH | AllocFlags.ALLOC_CPUSET,
                events.of(PageAllocEvents.GET_PAGE_FROM_FREELIST).getLast().arg("alloc_flags"));
    }

    @Test
    void withNoEligibleZoneTheSlowPathGoesStraightToNopage() {
        // A machine with ZONE_DMA32 only: a GFP_DMA request has no zone at all.
        Kernel dma32Only = TestMachines.oneZone(ZoneType.DMA32, 4096, 16384, 16384, 16384);
        EventCollector events = EventCollector.on(dma32Only);

        assertEquals(-1, dma32Only.pageAlloc().allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA, 0));

        assertEquals(List.of(PageAllocEvents.WARN_ALLOC), events.childrenOf(PageAllocEvents.ALLOC_PAGES_SLOWPATH));
        assertEquals(AllocFailReason.NO_ZONE.ordinal(), events.of(PageAllocEvents.WARN_ALLOC).getFirst().arg("reason"));
        assertEquals(List.of(), events.of(VmscanEvents.WAKEUP_KSWAPD), "no zone, no kswapd to wake");
    }

    @Test
    void eachWayOfGivingUpIsReported() {
        fillToTheMinWatermark();
        assertEquals(AllocFailReason.ORDER_TOO_LARGE, failureOf(Gfp.GFP_KERNEL, 11));
        assertEquals(AllocFailReason.NO_DIRECT_RECLAIM, failureOf(Gfp.GFP_NOWAIT, 0));
        assertEquals(AllocFailReason.NORETRY, failureOf(Gfp.GFP_KERNEL | Gfp.__GFP_NORETRY, 0));
        assertEquals(AllocFailReason.COSTLY_ORDER, failureOf(Gfp.GFP_KERNEL, 4));
        assertEquals(AllocFailReason.OOM_SKIPPED, failureOf(Gfp.GFP_KERNEL | Gfp.__GFP_RETRY_MAYFAIL, 0));
        assertEquals(AllocFailReason.OOM_SKIPPED, failureOf(Gfp.GFP_KERNEL | Gfp.GFP_DMA32, 0),
                "no OOM kill for a zone below Normal");
        assertEquals(AllocFailReason.NO_KILLABLE_PROCESS, failureOf(Gfp.GFP_KERNEL, 0));
        assertEquals(AllocFailReason.RETRY_FOREVER, failureOf(Gfp.GFP_NOFS, 0),
                "without __GFP_FS the OOM killer reports progress and the kernel would loop");
        assertEquals(128, k.node().zone(ZoneType.DMA).freePages(), "failed requests change no free page");
    }

    @Test
    void aNofailRequestGetsItsPageIgnoringTheWatermarks() {
        fillToTheMinWatermark();

        assertTrue(alloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOFAIL, 0) >= 0);
    }

    @Test
    void allocHighatomicNeedsAnOrderAboveZeroAndGfpHighAs618SetsIt() {
        // 6.18 gfp_to_alloc_flags: ALLOC_HIGHATOMIC only with order > 0 and ALLOC_MIN_RESERVE (__GFP_HIGH).
        assertEquals(ALLOC_HIGHATOMIC, PageAlloc.gfpToAllocFlags(Gfp.GFP_ATOMIC, 1) & ALLOC_HIGHATOMIC);
        assertEquals(0, PageAlloc.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0) & ALLOC_HIGHATOMIC);
        assertEquals(0, PageAlloc.gfpToAllocFlags(Gfp.GFP_NOWAIT, 1) & ALLOC_HIGHATOMIC,
                "a non-blocking request without __GFP_HIGH does not (it did in 6.12)");
        assertEquals(ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK,
                PageAlloc.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0) & (ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK));
    }

    @Test
    void freeingABlockTwiceIsABug() {
        int pfn = alloc.allocPages(Gfp.GFP_KERNEL, 4);
        alloc.freePages(pfn, 4);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> alloc.freePages(pfn, 4));
        assertTrue(e.getMessage().startsWith("bad free of pfn 0x" + Integer.toHexString(pfn)), e.getMessage());
    }

    private AllocFailReason failureOf(int gfp, int order) {
        EventCollector events = EventCollector.on(k);
        assertEquals(-1, alloc.allocPages(gfp, order), Gfp.format(gfp) + " order " + order);
        List<EventCollector.Ev> warns = events.of(PageAllocEvents.WARN_ALLOC);
        assertEquals(1, warns.size());
        return AllocFailReason.of((int) warns.getFirst().arg("reason"));
    }
}
