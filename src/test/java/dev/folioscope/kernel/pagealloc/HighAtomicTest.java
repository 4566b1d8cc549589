package dev.folioscope.kernel.pagealloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.trace.PageAllocEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The high-atomic reserve (reserve_highatomic_pageblock, unreserve_highatomic_pageblock and its
 * place in __zone_watermark_unusable_free), worked by hand on a machine with one 1008 MiB zone:
 * DMA32 from pfn 4096, 258048 pages. min_free_kbytes = int_sqrt(258048 * 4 * 16) = 4063, so
 * min = 1015, low = 1015 + 258 = 1273; the reserve may reach ALIGN(2580, 512) = 3072 pages.
 */
class HighAtomicTest {
    private static final int HIGHATOMIC = MigrateType.HIGHATOMIC.ordinal();

    private final Kernel k = TestMachines.oneZone(ZoneType.DMA32, 4096, 258048, 258048, 258048);
    private final Zone dma32 = k.node().zone(ZoneType.DMA32);
    private final PageAlloc alloc = k.pageAlloc();
    private final List<int[]> held = new ArrayList<>();

    /**
     * 250 order-10, three order-8 and one order-3 movable blocks (the last through the slow path:
     * its refill takes max(63 >> 3, 2) = 7 order-3 blocks) leave 1224 free pages, below low. (No
     * order-9 block: that order has per-CPU lists too, and its refill would take two.) A
     * GFP_ATOMIC order-1 request then takes the slow path with ALLOC_HIGHATOMIC: an Unmovable block
     * claimed from the last order-10 block, pfn 261120, whose pageblock gets reserved.
     */
    private int atomicOrder1BelowLow() {
        for (int order : java.util.stream.IntStream.concat(java.util.stream.IntStream.generate(() -> 10).limit(250),
                java.util.stream.IntStream.of(8, 8, 8, 3)).toArray()) {
            int pfn = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, order);
            assertTrue(pfn >= 0, "order " + order);
            held.add(new int[] {pfn, order});
        }
        assertEquals(1015, dma32.watermark(dev.folioscope.kernel.mmzone.Watermark.MIN));
        assertEquals(1224, dma32.freePages());
        int pfn = alloc.allocPages(Gfp.GFP_ATOMIC, 1);
        held.add(new int[] {pfn, 1});
        return pfn;
    }

    @Test
    void aHighOrderAtomicAllocationReservesItsPageblock() {
        EventCollector events = EventCollector.on(k);

        assertEquals(261120, atomicOrder1BelowLow());

        assertEquals(HIGHATOMIC, k.mem().pageblockMigratetype(261120));
        assertEquals(512, dma32.nrReservedHighatomic());
        // The order-1 refill took 31 blocks (pfns 261120-261181) to the per-CPU list; the free rest
        // of the pageblock, 512 - 62 pages, moved to the HighAtomic lists.
        assertEquals(450, dma32.nrFreeHighatomic());
        EventCollector.Ev reserve = events.of(PageAllocEvents.RESERVE_HIGHATOMIC_PAGEBLOCK).getFirst();
        assertEquals(3072, reserve.arg("max_managed"));
        assertEquals(512, reserve.result);
        InvariantChecker.checkAccounting(k, held);
    }

    @Test
    void ordinaryRequestsMayNotCountTheReserveButReserveUsersMay() {
        atomicOrder1BelowLow();
        long free = dma32.freePages();
        assertEquals(1162, free, "1224 less the 62 pages of the refill");

        // 1162 - 450 reserved = 712, not above min 1015; with the reserves' rights the 450 count.
        assertFalse(ZoneWatermarks.zoneWatermarkOk(dma32, 0, 1015, ZoneType.DMA32.ordinal(), 0, free));
        assertTrue(ZoneWatermarks.zoneWatermarkOk(dma32, 0, 1015, ZoneType.DMA32.ordinal(),
                AllocFlags.ALLOC_MIN_RESERVE, free));
    }

    @Test
    void beforeGivingUpAKernelAllocationTakesTheReserveBack() {
        atomicOrder1BelowLow();
        EventCollector events = EventCollector.on(k);

        int pfn = alloc.allocPages(Gfp.GFP_KERNEL, 0);

        assertTrue(pfn >= 0, "served after should_reclaim_retry released the reserve");
        EventCollector.Ev unreserve = events.of(PageAllocEvents.UNRESERVE_HIGHATOMIC_PAGEBLOCK).getFirst();
        assertEquals(1, unreserve.arg("force"), "forced: the last pageblock may go too");
        assertEquals(1, unreserve.result);
        assertEquals(0, dma32.nrReservedHighatomic());
        assertEquals(0, dma32.nrFreeHighatomic());
        assertEquals(MigrateType.UNMOVABLE.ordinal(), k.mem().pageblockMigratetype(261120),
                "back to the allocation's migratetype");
        held.add(new int[] {pfn, 0});
        InvariantChecker.checkAccounting(k, held);
    }
}
