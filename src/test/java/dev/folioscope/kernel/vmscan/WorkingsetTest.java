package dev.folioscope.kernel.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.swap.Workingset;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * Shadow entries and refaults of page-cache folios, worked out from 6.18's mm/workingset.c
 * (workingset_eviction, workingset_refault, workingset_test_recent) and mm/vmscan.c
 * (__remove_mapping, move_folios_to_lru): reclaim leaves the clock in the slot and ticks it once
 * per folio; a refault whose distance fits in the active file list is activated (and ticks it
 * again); one that was active before its eviction is also restored.
 */
class WorkingsetTest {
    private static final long PS = 4096;

    private final Kernel k = TestMachines.boot(64L << 20);
    private final Syscalls sys = k.syscalls();
    private final int pid = (int) sys.spawn("p");

    private long clock() {
        return k.node().lruvec().nonresidentAge();
    }

    /** Reads {@code pages} of a file through one open (the pages read ahead with it). */
    private void read(String file, int pages) {
        int fd = (int) sys.open(pid, k.pageCache().byName(file).ino(), false);
        assertEquals(pages * PS, sys.pread(pid, fd, 0, pages));
        sys.close(pid, fd);
    }

    /** A file of {@code pages} pages read twice, so each folio is activated; then drained. */
    private void hot(String file, int pages) {
        k.createFile(file, pages);
        read(file, pages);
        read(file, pages);
        k.swap().lruAddDrain();
    }

    /**
     * A 4-page file read once and reclaimed in one pass: the tail of the inactive list, file page
     * 0, goes first. Each slot keeps the clock as it was when its folio went (c, c+1, c+2, c+3),
     * none marked workingset; the clock ends 4 further on.
     */
    @Test
    void reclaimLeavesTheClockInEachSlot() {
        k.createFile("cold", 4);
        read("cold", 4);
        k.swap().lruAddDrain();
        long c = clock();

        assertEquals(4, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));

        Inode f = k.pageCache().byName("cold");
        assertEquals(0, f.nrpages());
        for (int i = 0; i < 4; i++) {
            int shadow = f.entry(i);
            assertTrue(Workingset.isShadow(shadow), "page " + i);
            assertEquals(Inode.NONE, f.folio(i), "a shadow is no folio");
            assertEquals(c + i, Workingset.shadowEviction(shadow), "page " + i);
            assertFalse(Workingset.shadowWorkingset(shadow));
        }
        assertEquals(c + 4, clock());
    }

    /**
     * Eight hot folios on the active file list; four cold ones evicted (clock c..c+3, then c+4).
     * Reading the cold file again refaults all four (the 4-page read reads them ahead together):
     * each distance is 4 — the clock moved 4 since page 0 went, and each activation ticks it
     * once more as each later page's eviction was one later — within the 8 active pages, so
     * each is activated at once: 4 refaults, 4 activations, no restore.
     */
    @Test
    void aRefaultWithinTheActiveListIsActivated() {
        hot("hot", 8);
        assertEquals(8, k.node().lruvec().size(LruList.ACTIVE_FILE));
        k.createFile("cold", 4);
        read("cold", 4);
        k.swap().lruAddDrain();
        assertEquals(4, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));

        read("cold", 4);

        Inode f = k.pageCache().byName("cold");
        for (int i = 0; i < 4; i++) {
            assertTrue(k.mem().test(f.folio(i), PageFlag.PG_active), "page " + i);
        }
        assertEquals(4, k.node().stat(NodeStat.WORKINGSET_REFAULT_FILE));
        assertEquals(4, k.node().stat(NodeStat.WORKINGSET_ACTIVATE_FILE));
        assertEquals(0, k.node().stat(NodeStat.WORKINGSET_RESTORE_FILE));
        InvariantChecker.checkLru(k);
    }

    /**
     * With no active file folio (and no swap) the workingset is empty: a refault's distance, at
     * least 1, never fits, so the refault is counted and the folio starts inactive.
     */
    @Test
    void aRefaultWithNothingActiveIsNotActivated() {
        k.createFile("cold", 4);
        read("cold", 4);
        k.swap().lruAddDrain();
        assertEquals(4, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));

        read("cold", 4);

        assertEquals(4, k.node().stat(NodeStat.WORKINGSET_REFAULT_FILE));
        assertEquals(0, k.node().stat(NodeStat.WORKINGSET_ACTIVATE_FILE));
        assertFalse(k.mem().test(k.pageCache().byName("cold").folio(0), PageFlag.PG_active));
    }

    /**
     * shrink_active_list deactivates the 9 active folios with PG_workingset, the warm one (the
     * active head, activated last) last, so it lands at the inactive head; 8 new hot folios are
     * then activated. The inactive pass evicts the 8 old hot folios, then the warm one, whose
     * shadow keeps PG_workingset. Read again, its distance is 1 (only its own eviction ticked
     * the clock since), within the 8 active folios: activated, and restored.
     */
    @Test
    void aFolioActiveBeforeItsEvictionIsRestored() {
        hot("hot", 8);
        hot("warm", 1);
        int warm = k.pageCache().byName("warm").folio(0);
        assertEquals(0, k.vmscan().shrinkListOnce(LruList.ACTIVE_FILE, 9));
        assertTrue(k.mem().test(warm, PageFlag.PG_workingset));
        hot("hot2", 8);
        long evicted = k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32);
        assertEquals(9, evicted, "the 9 deactivated folios, all inactive, go");
        assertTrue(Workingset.shadowWorkingset(k.pageCache().byName("warm").entry(0)));

        read("warm", 1);

        int refaulted = k.pageCache().byName("warm").folio(0);
        assertTrue(k.mem().test(refaulted, PageFlag.PG_active));
        assertTrue(k.mem().test(refaulted, PageFlag.PG_workingset));
        assertEquals(1, k.node().stat(NodeStat.WORKINGSET_RESTORE_FILE));
    }
}
