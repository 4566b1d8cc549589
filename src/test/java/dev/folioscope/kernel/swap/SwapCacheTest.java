package dev.folioscope.kernel.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.proc.Meminfo;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * MADV_PAGEOUT of private anonymous pages and what follows, on a machine with a 16 MiB swap file,
 * with expectations worked out from 6.18's mm/vmscan.c (shrink_folio_list keeps a folio whose
 * swap write is in flight), mm/memory.c (do_swap_page, should_try_to_free_swap), mm/swapfile.c
 * (swap_duplicate, free_swap_and_cache) and mm/filemap.c (folio_end_writeback).
 */
class SwapCacheTest {
    private static final long PS = 4096;

    private final Kernel k = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(64L << 20), 1,
            Sysctl.defaults(), ThpMode.NEVER, PagingMode.FOUR_LEVEL, 16L << 20,
            MachineConfig.DEFAULT_READ_AHEAD_KB));
    private final Syscalls sys = k.syscalls();
    private final int pid = (int) sys.spawn("p");
    private final long a = sys.mmap(pid, 0, 4 * PS, Mman.PROT_READ | Mman.PROT_WRITE,
            Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);

    private long pte(int p, long addr) {
        Mm mm = k.tasks().get(p).mm();
        PageTables.Walk w = new PageTables(k.pgtables(), mm.la57(), null).walk((int) mm.pgd(), addr);
        return w.pte() == null ? 0 : w.steps().getLast().entry();
    }

    private static long kb(String file, String key) {
        String line = file.lines().filter(l -> l.startsWith(key)).findFirst().orElseThrow();
        return Long.parseLong(line.substring(key.length()).replace("kB", "").strip());
    }

    private void check() {
        InvariantChecker.checkMappings(k);
        InvariantChecker.checkLru(k);
    }

    /** Writes the 4 pages, then pages out the first {@code n}; returns their frames. */
    private int[] writeAndPageOut(int n) {
        int[] pfns = new int[4];
        for (int i = 0; i < 4; i++) {
            assertEquals(0, sys.access(pid, a + i * PS, true));
            pfns[i] = (int) Pte.pfn(pte(pid, a + i * PS));
        }
        assertEquals(0, sys.madvise(pid, a, n * PS, Mman.MADV_PAGEOUT));
        return pfns;
    }

    /**
     * Two written pages paged out: each gets a slot (1 and 2, slot 0 being the header) and a swap
     * PTE, AnonPages loses 8 kB and SwapFree 8 kB; the writes are submitted, not complete, so the
     * folios stay in the swap cache (SwapCached 8 kB) under writeback (Writeback 8 kB). At the
     * next scheduling point the disk completes them: Writeback 0, still cached.
     */
    @Test
    void madvPageoutMovesAnonPagesToSwapAndTheWritesCompleteAtTheNextSchedulingPoint() {
        String before = Meminfo.render(k);
        writeAndPageOut(0);
        String written = Meminfo.render(k);
        assertEquals(0, sys.madvise(pid, a, 2 * PS, Mman.MADV_PAGEOUT));
        String after = Meminfo.render(k);
        assertEquals(kb(written, "AnonPages:") - 8, kb(after, "AnonPages:"));
        assertEquals(kb(before, "SwapFree:") - 8, kb(after, "SwapFree:"));
        assertEquals(8, kb(after, "SwapCached:"));
        assertEquals(8, kb(after, "Writeback:"));
        assertTrue(Pte.isSwap(pte(pid, a)) && Pte.swpOffset(pte(pid, a)) == 1 && Pte.swpExclusive(pte(pid, a)));
        assertEquals(2, Pte.swpOffset(pte(pid, a + PS)));
        assertEquals(2, k.node().vmEvents(VmEvent.PSWPOUT));

        k.schedule();
        String done = Meminfo.render(k);
        assertEquals(0, kb(done, "Writeback:"));
        assertEquals(8, kb(done, "SwapCached:"));
        check();
    }

    /**
     * A read of a paged-out page after its write completed: the folio is in the swap cache, so
     * do_swap_page maps the same frame again (no read, no major fault), exclusive as the entry
     * was; the slot loses the PTE's reference but keeps SWAP_HAS_CACHE.
     */
    @Test
    void aReadOfASwapCacheHitMapsTheSameFrame() {
        int[] pfns = writeAndPageOut(1);
        k.schedule();
        long majflt = k.node().vmEvents(VmEvent.PGMAJFAULT);

        assertEquals(0, sys.access(pid, a, false));
        assertEquals(pfns[0], Pte.pfn(pte(pid, a)));
        assertEquals(majflt, k.node().vmEvents(VmEvent.PGMAJFAULT));
        assertEquals(0, k.node().vmEvents(VmEvent.PSWPIN));
        assertTrue(k.mem().test(pfns[0], PageFlag.PG_swapcache));
        assertTrue(k.mem().test(pfns[0], PageFlag.PG_anon_exclusive));
        assertEquals(SwapInfo.SWAP_HAS_CACHE, k.swapInfo().swapMap(1));
        check();
    }

    /**
     * A write to a paged-out page: the folio waits in the lru_add batch reclaim put it back
     * through, so do_swap_page drains it first; then only the fault and the swap cache hold it
     * (refcount 2) and should_try_to_free_swap frees the slot (folio_free_swap): the folio leaves
     * the swap cache, dirty, and the slot is free again.
     */
    @Test
    void aWriteOfASwapCacheHitFreesTheSlot() {
        int[] pfns = writeAndPageOut(1);
        k.schedule();
        long free = k.swapInfo().nrSwapPages();

        assertEquals(0, sys.access(pid, a, true));
        assertEquals(pfns[0], Pte.pfn(pte(pid, a)));
        assertTrue(Pte.write(pte(pid, a)) && Pte.dirty(pte(pid, a)));
        assertFalse(k.mem().test(pfns[0], PageFlag.PG_swapcache));
        assertTrue(k.mem().test(pfns[0], PageFlag.PG_dirty));
        assertTrue(k.mem().test(pfns[0], PageFlag.PG_lru), "the drain put it on its list");
        assertEquals(0, k.swapInfo().swapMap(1));
        assertEquals(free + 1, k.swapInfo().nrSwapPages());
        check();
    }

    /**
     * fork copies a swap PTE (swap_duplicate): the slot's count goes to 2 and both PTEs lose the
     * exclusive bit, since the page is now shared until one of them writes.
     */
    @Test
    void forkOfASwapPteSharesTheSlot() {
        writeAndPageOut(1);
        assertTrue(Pte.swpExclusive(pte(pid, a)));
        int child = (int) sys.fork(pid);

        assertEquals(2, k.swapInfo().swapCount(1));
        assertFalse(Pte.swpExclusive(pte(pid, a)));
        assertFalse(Pte.swpExclusive(pte(child, a)));
        assertEquals(1, Pte.swpOffset(pte(child, a)));
        check();
    }

    /**
     * The child's exit drops its swap PTE's reference (count 1); the parent's munmap drops the
     * last, which leaves the slot held by the swap cache alone: free_swap_and_cache takes the
     * unmapped folio out of the cache. SwapFree and SwapCached are back where they were; each
     * folio is freed when the lru_add batch that still holds it moves.
     */
    @Test
    void exitAndMunmapFreeTheSlotsAndTheCachedFolios() {
        long total = k.swapInfo().nrSwapPages();
        int[] pfns = writeAndPageOut(2);
        int child = (int) sys.fork(pid);
        k.schedule();

        assertEquals(0, sys.exit(child));
        assertEquals(1, k.swapInfo().swapCount(1));
        assertEquals(0, sys.munmap(pid, a, 4 * PS));
        assertEquals(total, k.swapInfo().nrSwapPages());
        assertEquals(0, kb(Meminfo.render(k), "SwapCached:"));
        // reclaim put them back through the lru_add batch, whose reference is now the last
        assertFalse(k.mem().test(pfns[0], PageFlag.PG_swapcache));
        assertEquals(1, k.mem().refcount(pfns[0]));
        k.swap().lruAddDrain();
        assertEquals(0, k.mem().refcount(pfns[0]));
        assertEquals(0, k.mem().refcount(pfns[1]));
        check();
    }
}
