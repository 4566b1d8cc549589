package dev.folioscope.kernel.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.task.Syscalls;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.SwapfileEvents;
import dev.folioscope.kernel.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * VMA-based swap readahead (mm/swap_state.c: swap_vma_ra_win, __swapin_nr_pages,
 * swap_update_readahead) on reads going up through 16 swapped-out pages, with vm.page-cluster
 * at its default 3 (windows of at most 8 pages); the windows worked out by hand.
 */
class SwapReadaheadTest {
    private static final long PS = 4096;
    /** 2 MiB aligned, so the 16 pages share one page table. */
    private static final long A = 0x7f0000000000L;

    private final Kernel k = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(64L << 20), 1,
            Sysctl.defaults(), ThpMode.NEVER, PagingMode.FOUR_LEVEL, 16L << 20,
            MachineConfig.DEFAULT_READ_AHEAD_KB));
    private final Syscalls sys = k.syscalls();
    private final int pid = (int) sys.spawn("p");

    private long events(VmEvent e) {
        return k.node().vmEvents(e);
    }

    /**
     * The 16 pages at {@link #A} written, paged out, written to swap, then freed by a reclaim
     * pass (clean, in the swap cache alone), so that every read misses the swap cache.
     */
    private static void swapOutSixteenPages(Kernel k, Syscalls sys, int pid) {
        sys.mmap(pid, A, 16 * PS, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
        for (int i = 0; i < 16; i++) {
            sys.access(pid, A + i * PS, true);
        }
        sys.madvise(pid, A, 16 * PS, Mman.MADV_PAGEOUT);
        k.schedule();
        k.swap().lruAddDrain();
        assertEquals(16, k.vmscan().shrinkListOnce(LruList.INACTIVE_ANON, 32));
        assertEquals(0, k.node().stat(NodeStat.NR_SWAPCACHE));
    }

    /**
     * The 16 pages written, paged out, written to swap, then freed by a reclaim pass (clean, in
     * the swap cache alone), so every read misses the swap cache:
     * <ul>
     *   <li>page 0: the VMA has no swap history (address 0): no hits, not next to it: window 1;
     *   <li>page 1: next to page 0, no hits: window 2 from page 1, so pages 1-2 are read and 2 is
     *       PG_readahead (swap_ra 1); reading page 2 is a hit (swap_ra_hit 1);
     *   <li>page 3: hits 1 + 2 = 3, rounded up to 4: pages 3-6, 4-6 read ahead (swap_ra 4), then
     *       hit by the reads of 4, 5 and 6 (swap_ra_hit 4);
     *   <li>page 7: hits 3 + 2 = 5, rounded up to 8, the most page-cluster 3 allows: pages 7-14,
     *       8-14 read ahead (swap_ra 11), hit by the reads up to 14 (swap_ra_hit 11).
     * </ul>
     * Four major faults read 1 + 2 + 4 + 8 = 15 pages (pswpin 15); page 15 is still swapped out.
     */
    @Test
    void readsGoingUpWidenTheWindowWithEachHit() {
        swapOutSixteenPages(k, sys, pid);
        long majflt = events(VmEvent.PGMAJFAULT);

        sys.access(pid, A, false);
        assertEquals(1, events(VmEvent.PSWPIN));
        assertEquals(0, events(VmEvent.SWAP_RA));

        sys.access(pid, A + PS, false);
        assertEquals(3, events(VmEvent.PSWPIN));
        int p2 = k.swapInfo().cachedFolio(3);
        assertTrue(k.mem().test(p2, PageFlag.PG_readahead), "page 2 (slot 3) read ahead");
        sys.access(pid, A + 2 * PS, false);
        assertFalse(k.mem().test(p2, PageFlag.PG_readahead));
        assertEquals(1, events(VmEvent.SWAP_RA));
        assertEquals(1, events(VmEvent.SWAP_RA_HIT));

        for (int i = 3; i <= 6; i++) {
            sys.access(pid, A + i * PS, false);
        }
        assertEquals(7, events(VmEvent.PSWPIN));
        assertEquals(4, events(VmEvent.SWAP_RA));
        assertEquals(4, events(VmEvent.SWAP_RA_HIT));

        for (int i = 7; i <= 14; i++) {
            sys.access(pid, A + i * PS, false);
        }
        assertEquals(15, events(VmEvent.PSWPIN));
        assertEquals(11, events(VmEvent.SWAP_RA));
        assertEquals(11, events(VmEvent.SWAP_RA_HIT));
        assertEquals(majflt + 4, events(VmEvent.PGMAJFAULT));
        assertEquals(-1, k.swapInfo().cachedFolio(16), "page 15 (slot 16) not read");
        InvariantChecker.checkMappings(k);
        InvariantChecker.checkLru(k);
    }

    /**
     * The same reads with vm.page-cluster 0: swap_vma_ra_win's largest window is 1 page, so no
     * fault reads ahead (no swap_vma_readahead, swap_ra 0) and each of the 16 reads is a major
     * fault reading just its own page: pswpin 1 after the first, 2 after the second (the
     * default reads 3 by then), 16 after all.
     */
    @Test
    void pageClusterZeroReadsOnlyTheFaultingPage() {
        Sysctl d = Sysctl.defaults();
        Kernel k0 = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(64L << 20), 1,
                new Sysctl(d.minFreeKbytes(), d.watermarkScaleFactor(), d.watermarkBoostFactor(),
                        d.lowmemReserveRatio(), d.percpuPagelistHighFraction(), d.swappiness(),
                        d.compactionProactiveness(), d.extfragThreshold(), 0),
                ThpMode.NEVER, PagingMode.FOUR_LEVEL, 16L << 20, MachineConfig.DEFAULT_READ_AHEAD_KB));
        Syscalls s0 = k0.syscalls();
        int p0 = (int) s0.spawn("p");
        swapOutSixteenPages(k0, s0, p0);
        long majflt = k0.node().vmEvents(VmEvent.PGMAJFAULT);
        int[] readaheads = {0};
        k0.setTracer(new Tracer() {
            @Override
            public void enter(EventType type, int cpu, int pid, long[] args) {
                if (type == SwapfileEvents.SWAP_VMA_READAHEAD) {
                    readaheads[0]++;
                }
            }

            @Override
            public void exit(long result) {
            }

            @Override
            public void point(EventType type, int cpu, int pid, long[] args) {
            }
        });

        s0.access(p0, A, false);
        assertEquals(1, k0.node().vmEvents(VmEvent.PSWPIN));
        s0.access(p0, A + PS, false);
        assertEquals(2, k0.node().vmEvents(VmEvent.PSWPIN), "page 1 alone, where page-cluster 3 reads 1-2");
        assertEquals(-1, k0.swapInfo().cachedFolio(3), "page 2 (slot 3) not read ahead");
        for (int i = 2; i < 16; i++) {
            s0.access(p0, A + i * PS, false);
        }
        assertEquals(16, k0.node().vmEvents(VmEvent.PSWPIN));
        assertEquals(0, k0.node().vmEvents(VmEvent.SWAP_RA));
        assertEquals(0, k0.node().vmEvents(VmEvent.SWAP_RA_HIT));
        assertEquals(majflt + 16, k0.node().vmEvents(VmEvent.PGMAJFAULT));
        assertEquals(0, readaheads[0], "no swap_vma_readahead event");
        InvariantChecker.checkMappings(k0);
        InvariantChecker.checkLru(k0);
    }
}
