package dev.folioscope.kernel.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * One pass of shrink_inactive_list / shrink_active_list over page-cache folios, with expectations
 * worked out from 6.18's mm/vmscan.c (folio_check_references, shrink_folio_list,
 * __remove_mapping, shrink_active_list) and mm/rmap.c (folio_referenced, try_to_unmap).
 */
class ShrinkListTest {
    private static final long PS = 4096;

    private final Kernel k = TestMachines.boot(64L << 20);
    private final Syscalls sys = k.syscalls();
    private final MemMap mem = k.mem();
    private final int pid = (int) sys.spawn("p");

    private long pte(long addr) {
        Mm mm = k.tasks().get(pid).mm();
        PageTables.Walk w = new PageTables(k.pgtables(), mm.la57(), null).walk((int) mm.pgd(), addr);
        return w.pte() == null ? 0 : w.steps().getLast().entry();
    }

    private void check() {
        InvariantChecker.checkMappings(k);
        InvariantChecker.checkLru(k);
    }

    private int size(LruList l) {
        return k.node().lruvec().size(l);
    }

    /**
     * A 4-page file read once: filemap_read marks each folio accessed once (PG_referenced), and
     * after the drain they are on the inactive file list. folio_check_references finds no PTE and
     * PG_referenced: FOLIOREF_RECLAIM_CLEAN; they are clean, so __remove_mapping finds only the
     * cache's reference and the isolation's (2), takes them out of the page cache, and they are
     * freed (free_unref_folios, to the per-CPU list): all 4 reclaimed.
     */
    @Test
    void aCleanUnmappedInactiveFolioIsFreedByOnePass() {
        int fd = (int) sys.open(pid, k.createFile("data", 4), false);
        assertEquals(4 * PS, sys.pread(pid, fd, 0, 4));
        k.swap().lruAddDrain();
        Inode f = k.pageCache().byName("data");
        int pfn = f.folio(0);
        assertEquals(4, size(LruList.INACTIVE_FILE));
        assertTrue(mem.test(pfn, PageFlag.PG_referenced));
        int pcp = k.node().zoneOfPfn(pfn).pcp(0).count;

        assertEquals(4, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertEquals(0, f.nrpages());
        assertEquals(0, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertEquals(0, size(LruList.INACTIVE_FILE));
        assertEquals(0, mem.refcount(pfn));
        assertEquals(0, mem.mapping(pfn));
        assertEquals(pcp + 4, k.node().zoneOfPfn(pfn).pcp(0).count, "freed to CPU 0's per-CPU list");
        // shrink_inactive_list's counters, as kswapd's (the pass is made as kswapd makes it)
        assertEquals(4, k.node().vmEvents(VmEvent.PGSCAN_KSWAPD));
        assertEquals(4, k.node().vmEvents(VmEvent.PGSCAN_FILE));
        assertEquals(4, k.node().vmEvents(VmEvent.PGSTEAL_KSWAPD));
        assertEquals(4, k.node().vmEvents(VmEvent.PGSTEAL_FILE));
        assertEquals(0, k.node().vmEvents(VmEvent.PGSCAN_DIRECT));
        check();
    }

    /**
     * A folio read once (PG_referenced) and then mapped and read through the mapping (a young
     * PTE): folio_referenced finds 1 VMA and clears the young bit; with PG_referenced already
     * set folio_check_references says FOLIOREF_ACTIVATE, so it goes to the active list, mapped
     * and cached, with PG_referenced set again.
     */
    @Test
    void aMappedFolioWithAYoungPteAlreadyReferencedIsActivated() {
        int fd = (int) sys.open(pid, k.createFile("data", 1), false);
        sys.pread(pid, fd, 0, 1);
        long a = sys.mmap(pid, 0, PS, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0);
        assertEquals(0, sys.access(pid, a, false));
        k.swap().lruAddDrain();
        int pfn = k.pageCache().byName("data").folio(0);
        assertTrue(Pte.young(pte(a)));
        assertTrue(mem.test(pfn, PageFlag.PG_referenced));

        assertEquals(0, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertFalse(Pte.young(pte(a)), "folio_referenced clears the accessed bit");
        assertEquals(pfn, Pte.pfn(pte(a)), "still mapped");
        assertEquals(1, size(LruList.ACTIVE_FILE));
        assertTrue(mem.test(pfn, PageFlag.PG_active) && mem.test(pfn, PageFlag.PG_referenced));
        assertEquals(1, mem.mapcount(pfn));
        check();
    }

    /**
     * A folio only faulted in through a mapping (no PG_referenced, a young PTE): the first pass
     * keeps it (FOLIOREF_KEEP: PG_referenced set, young bit cleared); nothing touches it, so the
     * second pass finds no young PTE but PG_referenced: FOLIOREF_RECLAIM_CLEAN. try_to_unmap
     * clears its PTE, the mm's file RSS and the mapcount drop, and it is freed.
     */
    @Test
    void aMappedFolioUsedOnceIsKeptThenUnmappedAndFreed() {
        int fd = (int) sys.open(pid, k.createFile("data", 1), false);
        long a = sys.mmap(pid, 0, PS, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0);
        assertEquals(0, sys.access(pid, a, false));
        k.swap().lruAddDrain();
        int pfn = k.pageCache().byName("data").folio(0);
        Mm mm = k.tasks().get(pid).mm();
        assertFalse(mem.test(pfn, PageFlag.PG_referenced));
        assertEquals(1, mm.rssStat(Mm.MM_FILEPAGES));

        assertEquals(0, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertEquals(1, size(LruList.INACTIVE_FILE));
        assertTrue(mem.test(pfn, PageFlag.PG_referenced));
        assertFalse(Pte.young(pte(a)));
        check();

        assertEquals(1, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertEquals(0, pte(a), "the PTE is cleared");
        assertEquals(0, mm.rssStat(Mm.MM_FILEPAGES));
        assertEquals(0, k.node().stat(NodeStat.NR_FILE_MAPPED));
        assertEquals(0, k.pageCache().byName("data").nrpages());
        assertEquals(0, size(LruList.INACTIVE_FILE));
        check();
    }

    /**
     * A written folio is dirty: folio_check_references lets it through (no PTE), but with no
     * writeback a dirty file folio gets PG_reclaim and is activated (shrink_folio_list's
     * folio_test_dirty branch while PGDAT_DIRTY is clear); it stays cached and dirty.
     */
    @Test
    void aDirtyFolioIsActivatedWithPgReclaimNotFreed() {
        int fd = (int) sys.open(pid, k.createFile("data", 1), true);
        assertEquals(PS, sys.pwrite(pid, fd, 0, 1));
        k.swap().lruAddDrain();
        int pfn = k.pageCache().byName("data").folio(0);
        assertTrue(mem.test(pfn, PageFlag.PG_dirty));
        assertEquals(1, size(LruList.INACTIVE_FILE));
        long activatedBefore = k.node().vmEvents(VmEvent.PGACTIVATE);

        assertEquals(0, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertEquals(1, size(LruList.ACTIVE_FILE));
        assertTrue(mem.test(pfn, PageFlag.PG_reclaim) && mem.test(pfn, PageFlag.PG_dirty));
        assertEquals(1, k.pageCache().byName("data").nrpages());
        assertEquals(1, k.node().stat(NodeStat.NR_FILE_DIRTY));
        assertEquals(1, k.node().vmEvents(VmEvent.PGACTIVATE) - activatedBefore);
        check();
    }

    /**
     * shrink_active_list: a folio on the active list whose mapping is not executable is
     * deactivated whatever folio_referenced finds (PG_active cleared, PG_workingset set, to the
     * inactive list); one referenced through an executable mapping stays active.
     */
    @Test
    void shrinkActiveListKeepsOnlyReferencedExecutableFolios() {
        int fd = (int) sys.open(pid, k.createFile("data", 2), false);
        sys.pread(pid, fd, 0, 2);
        sys.pread(pid, fd, 0, 2);
        long a = sys.mmap(pid, 0, PS, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0);
        long x = sys.mmap(pid, 0, PS, Mman.PROT_READ | Mman.PROT_EXEC, Mman.MAP_SHARED, fd, PS);
        assertEquals(0, sys.access(pid, a, false));
        assertEquals(0, sys.access(pid, x, false));
        k.swap().lruAddDrain();
        Inode f = k.pageCache().byName("data");
        assertEquals(2, size(LruList.ACTIVE_FILE), "two reads of each page activate it");

        k.vmscan().shrinkListOnce(LruList.ACTIVE_FILE, 32);
        assertEquals(1, size(LruList.ACTIVE_FILE));
        assertTrue(mem.test(f.folio(1), PageFlag.PG_active));
        assertFalse(mem.test(f.folio(0), PageFlag.PG_active));
        assertTrue(mem.test(f.folio(0), PageFlag.PG_workingset));
        assertEquals(1, size(LruList.INACTIVE_FILE));
        assertEquals(2, k.node().vmEvents(VmEvent.PGREFILL));
        assertEquals(1, k.node().vmEvents(VmEvent.PGDEACTIVATE));
        check();
    }

    /**
     * Direct reclaim of 1024 clean, once-read, unmapped file folios (all on the inactive file
     * list). do_try_to_free_pages shrinks the node at priorities from 12 down until 32 are
     * reclaimed; get_scan_count asks for the inactive list's size >> priority, each folio scanned
     * is reclaimed (FOLIOREF_RECLAIM_CLEAN): priorities 12 and 11 scan 1024 >> 12 = 1024 >> 11 = 0;
     * then 1024 >> 10 = 1, 1023 >> 9 = 1, 1022 >> 8 = 3, 1019 >> 7 = 7, 1012 >> 6 = 15 (27 in all,
     * still short of 32), and 997 >> 5 = 31 at priority 5: 58. The oldest folios go first: the
     * file's pages 0-57, added to the list in that order.
     */
    @Test
    void directReclaimEvictsTheOldestCleanFoliosUntilItHasThirtyTwo() {
        int fd = (int) sys.open(pid, k.createFile("data", 1024), false);
        assertEquals(1024 * PS, sys.pread(pid, fd, 0, 1024));
        k.swap().lruAddDrain();
        assertEquals(1024, size(LruList.INACTIVE_FILE));
        k.node().setKswapdFailures(3);

        assertEquals(58, k.vmscan().tryToFreePages(dev.folioscope.kernel.pagealloc.Gfp.GFP_KERNEL, 0, 2));
        Inode f = k.pageCache().byName("data");
        assertEquals(1024 - 58, f.nrpages());
        assertEquals(Inode.NONE, f.folio(57));
        assertTrue(f.folio(58) != Inode.NONE);
        assertEquals(1024 - 58, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertEquals(0, k.node().kswapdFailures(), "shrink_node reclaimed: the node is reclaimable again");
        assertEquals(58, k.node().vmEvents(VmEvent.PGSCAN_DIRECT));
        assertEquals(58, k.node().vmEvents(VmEvent.PGSTEAL_DIRECT));
        assertEquals(1, k.node().vmEvents(VmEvent.ALLOCSTALL_NORMAL), "one pass over the zonelist, reclaim_idx Normal");
        check();
    }
}
