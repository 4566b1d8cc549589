package dev.folioscope.kernel.pagealloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.proc.ProcFile;
import dev.folioscope.kernel.trace.PageAllocEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-CPU page lists against values worked out by hand from mm/page_alloc.c of 6.18
 * (rmqueue_pcplist, nr_pcp_alloc, free_frozen_page_commit, nr_pcp_high, nr_pcp_free,
 * free_pcppages_bulk, decay_pcp_high, drain_pages_zone).
 *
 * <p>The 16 MiB machine: 4096 pages in ZONE_DMA, zone_batchsize = rounddown_pow_of_two(1) - 1,
 * made 1; min_free_kbytes 512 so low = 160, hence high_min = 160 and high_max = 4096 / 8 = 512.
 * Its movable allocations come out in pfn order: each refill splits the lowest free block.
 */
class PcpListsTest {
    private static final int MOVABLE = MigrateType.MOVABLE.ordinal();
    private static final int MOVABLE_ORDER0 = PerCpuPages.pindex(MOVABLE, 0);

    @Test
    void aPagesetIsSizedAtBootButItsHighStaysZeroUntilFirstUsed() {
        Kernel k = TestMachines.boot(16L << 20);
        PerCpuPages pcp = k.node().zone(ZoneType.DMA).pcp(0);

        assertEquals(0, pcp.high);
        assertEquals(1, pcp.batch);
        assertEquals(160, pcp.highMin);
        assertEquals(512, pcp.highMax);

        k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);

        // nr_pcp_alloc clamps high into [160, 512], then grows it by the batch of 1.
        assertEquals(161, pcp.high);
        assertEquals(1, pcp.allocFactor, "the next refill takes two pages");
    }

    @Test
    void refillsDoubleUntilHighIsReachedThenFreesReturnTheColdestBatch() {
        // vm.percpu_pagelist_high_fraction = 64 fixes high_min = high_max = 4096 / 64 = 64.
        Kernel k = TestMachines.boot(16L << 20, 1, TestMachines.highFraction(64));
        Zone dma = k.node().zone(ZoneType.DMA);
        PerCpuPages pcp = dma.pcp(0);
        PageAlloc alloc = k.pageAlloc();

        List<Integer> pfns = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            pfns.add(alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0));
        }
        // Refills of 1, 2, 4, 8, 16 and 32 pages (alloc_factor stops at 5) take 63; the 64th
        // allocation refills another 32 (pfns 63..94) and takes the first.
        assertEquals(java.util.stream.IntStream.range(0, 64).boxed().toList(), pfns);
        assertEquals(31, pcp.count);
        assertEquals(64, pcp.first(MOVABLE_ORDER0));
        assertEquals(94, pcp.last(MOVABLE_ORDER0));

        EventCollector events = EventCollector.on(k);
        for (int pfn = 0; pfn < 32; pfn++) {
            alloc.freePages(pfn, 0);
        }
        assertEquals(63, pcp.count, "each free goes to the head; below high nothing goes back");
        assertEquals(List.of(), events.of(PageAllocEvents.FREE_PCPPAGES_BULK));

        alloc.freePages(32, 0);

        // count reaches high (64): nr_pcp_free = clamp(free_count 32, batch 1, high - batch 63) = 32
        // pages, taken from the tail: 94 down to 64, then 0.
        List<EventCollector.Ev> bulk = events.of(PageAllocEvents.FREE_PCPPAGES_BULK);
        assertEquals(1, bulk.size());
        assertEquals(32, bulk.getFirst().arg("count"));
        assertEquals(32, bulk.getFirst().result);
        List<Long> drained = events.of(PageAllocEvents.PCP_LIST_DEL).stream().map(e -> e.arg("pfn")).toList();
        List<Long> expected = new ArrayList<>();
        for (int pfn = 94; pfn >= 64; pfn--) {
            expected.add((long) pfn);
        }
        expected.add(0L);
        assertEquals(expected, drained);
        assertEquals(32, pcp.count);
        assertEquals(32, pcp.first(MOVABLE_ORDER0));
        assertEquals(1, pcp.last(MOVABLE_ORDER0));
        assertEquals(4096 - 95 + 32, dma.freePages(), "NR_FREE_PAGES counts only the buddy lists");
        InvariantChecker.checkAccounting(k, allocated(33, 64));
    }

    @Test
    void theVmstatWorkerDecaysHighByAnEighthPerSecondDownToHighMin() {
        Kernel k = TestMachines.boot(16L << 20);
        PerCpuPages pcp = k.node().zone(ZoneType.DMA).pcp(0);
        for (int i = 0; i < 64; i++) {
            k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        }
        // Each refill grew high by its batch: 160 + 1 + 2 + 4 + 8 + 16 + 32 + 32.
        assertEquals(255, pcp.high);
        assertEquals(31, pcp.count);

        List<Integer> highs = new ArrayList<>();
        for (int second = 0; second < 5; second++) {
            k.idleSecond();
            highs.add(pcp.high);
        }

        // max3(count - 32 batches, high - high / 8, high_min): 255 - 31, 224 - 28, 196 - 24, then 160.
        assertEquals(List.of(224, 196, 172, 160, 160), highs);
        assertEquals(31, pcp.count, "the pages cached stay below high: none goes back");
    }

    @Test
    void drainAllPagesEmptiesEveryPagesetIntoTheBuddyLists() {
        Kernel k = TestMachines.boot(16L << 20, 2, Sysctl.defaults());
        Zone dma = k.node().zone(ZoneType.DMA);
        k.setCpu(1);
        for (int i = 0; i < 2; i++) {
            k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        }
        assertEquals(0, dma.pcp(0).high, "CPU 0's pageset was never used");
        assertEquals(1, dma.pcp(1).count, "refills of 1 and 2 pages: pfn 2 waits on CPU 1's list");
        EventCollector events = EventCollector.on(k);
        k.setCpu(0);

        assertEquals(1, k.pageAlloc().drainAllPages());

        assertEquals(0, dma.pcp(1).count);
        assertEquals(4096 - 2, dma.freePages());
        List<EventCollector.Ev> drains = events.of(PageAllocEvents.DRAIN_PAGES_ZONE);
        assertEquals(1, drains.size(), "only CPU 1 had pages cached");
        InvariantChecker.checkAccounting(k, allocated(0, 2));
    }

    @Test
    void aRunOfHighOrderFreesReturnsTheWholePagesetAtOnce() {
        // 1 GiB: DMA32 has 258048 pages, batch = rounddown_pow_of_two(63 + 31) - 1 = 63; with
        // high fraction 1000, high_min = high_max = max(258048 / 1000, 4 * 63) = 258.
        Kernel k = TestMachines.boot(1L << 30, 1, TestMachines.highFraction(1000));
        PerCpuPages pcp = k.node().zone(ZoneType.DMA32).pcp(0);
        assertEquals(63, pcp.batch);
        assertEquals(258, pcp.highMin);
        List<Integer> blocks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            blocks.add(k.pageAlloc().allocPages(Gfp.GFP_KERNEL, 1));
        }
        // Order-1 refills take max(63 >> 1, 2) = 31 blocks: 124 taken in four refills, 24 left.
        assertEquals(48, pcp.count);
        EventCollector events = EventCollector.on(k);

        for (int pfn : blocks) {
            k.pageAlloc().freePages(pfn, 1);
        }

        // free_high needs free_count >= batch + high_min / 2 = 192 before the free: the 97th
        // order-1 free in a row. nr_pcp_high then returns 0 and nr_pcp_free min(count, 32 batches):
        // all 48 + 2 * 97 = 242 pages go back; the last three frees stay.
        List<EventCollector.Ev> commits = events.of(PageAllocEvents.FREE_FROZEN_PAGE_COMMIT);
        for (int i = 0; i < commits.size(); i++) {
            assertEquals(i == 96 ? 1 : 0, commits.get(i).arg("free_high"), "free_high at free " + (i + 1));
        }
        assertEquals(0, commits.get(96).result);
        List<EventCollector.Ev> bulk = events.of(PageAllocEvents.FREE_PCPPAGES_BULK);
        assertEquals(1, bulk.size());
        assertEquals(242, bulk.getFirst().result);
        assertEquals(6, pcp.count);
    }

    @Test
    void numaHitCountsAllocationsNotPages() {
        Kernel k = TestMachines.boot(16L << 20);
        Zone dma = k.node().zone(ZoneType.DMA);
        for (int i = 0; i < 3; i++) {
            k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 10);
        }
        assertEquals(3, dma.numaHit(), "zone_statistics(..., 1) per allocation, not 3072");
        for (int i = 0; i < 5; i++) {
            k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        }
        assertEquals(8, dma.numaHit(), "from the per-CPU list or a refill alike");
        String zoneinfo = ProcFile.ZONEINFO.render(k);
        assertTrue(zoneinfo.contains("\n      numa_hit     8\n"), zoneinfo);
        assertTrue(zoneinfo.contains("\n      numa_local   8\n"), zoneinfo);
    }

    /** {pfn, 0} pairs for the order-0 blocks from..to-1. */
    private static List<int[]> allocated(int from, int to) {
        List<int[]> blocks = new ArrayList<>();
        for (int pfn = from; pfn < to; pfn++) {
            blocks.add(new int[] {pfn, 0});
        }
        return blocks;
    }
}
