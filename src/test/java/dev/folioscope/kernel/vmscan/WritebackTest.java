package dev.folioscope.kernel.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * Dirty page cache meeting reclaim, with expectations worked out from 6.18's mm/vmscan.c
 * (shrink_folio_list's dirty and writeback cases, shrink_inactive_list waking the flusher),
 * fs/fs-writeback.c (wb_workfn's start-all work) and mm/filemap.c (folio_end_writeback →
 * folio_rotate_reclaimable → lru_move_tail).
 */
class WritebackTest {
    private static final long PS = 4096;

    private final Kernel k = TestMachines.boot(64L << 20);
    private final Syscalls sys = k.syscalls();
    private final MemMap mem = k.mem();
    private final int pid = (int) sys.spawn("p");

    private int size(LruList l) {
        return k.node().lruvec().size(l);
    }

    /** A 3-page file written (dirty, Dirty: 12 kB) and its folios on the inactive file list. */
    private Inode writeThreePages() {
        int fd = (int) sys.open(pid, k.createFile("log", 3), true);
        assertEquals(3 * PS, sys.pwrite(pid, fd, 0, 3));
        k.swap().lruAddDrain();
        assertEquals(3, size(LruList.INACTIVE_FILE));
        assertEquals(3, k.node().stat(NodeStat.NR_FILE_DIRTY));
        return k.pageCache().byName("log");
    }

    /**
     * Pass 1 (as kswapd, PGDAT_DIRTY clear) meets 3 dirty folios: reclaim does not write file
     * folios, so each gets PG_reclaim and goes to the active list (nr_vmscan_immediate_reclaim
     * 3), and as every folio isolated was dirty and unqueued the flusher is woken. At the
     * scheduling point the flusher writes them (Dirty 0, Writeback 3); at the next one the disk
     * completes the writes: folio_end_writeback finds PG_reclaim, clears it, and
     * folio_rotate_reclaimable queues each folio in the lru_move_tail batch; when it moves the
     * folios leave the active list for the inactive tail (pgrotated 3). Pass 2 reclaims all three
     * at once: clean, unmapped, only the cache's reference.
     */
    @Test
    void aDirtyFileFolioIsWrittenByTheFlusherRotatedAndFreedOnALaterPass() {
        Inode f = writeThreePages();
        int pfn = f.folio(0);

        assertEquals(0, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertEquals(3, size(LruList.ACTIVE_FILE));
        assertTrue(mem.test(pfn, PageFlag.PG_reclaim) && mem.test(pfn, PageFlag.PG_dirty));
        assertEquals(3, k.node().stat(NodeStat.NR_VMSCAN_IMMEDIATE));
        assertTrue(k.bdi().startAll(), "the flusher is woken");

        k.schedule();
        assertFalse(mem.test(pfn, PageFlag.PG_dirty));
        assertTrue(mem.test(pfn, PageFlag.PG_writeback));
        assertEquals(0, k.node().stat(NodeStat.NR_FILE_DIRTY));
        assertEquals(3, k.node().stat(NodeStat.NR_WRITEBACK));

        k.schedule();
        assertEquals(0, k.node().stat(NodeStat.NR_WRITEBACK));
        assertEquals(3, k.node().stat(NodeStat.NR_WRITTEN));
        assertFalse(mem.test(pfn, PageFlag.PG_reclaim));
        k.swap().lruAddDrain();
        assertEquals(3, k.node().vmEvents(VmEvent.PGROTATED));
        assertEquals(0, size(LruList.ACTIVE_FILE));
        assertEquals(3, size(LruList.INACTIVE_FILE));
        assertEquals(f.folio(2), k.node().lruvec().last(LruList.INACTIVE_FILE), "the last rotated is the tail");

        assertEquals(3, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertEquals(0, f.nrpages());
        assertEquals(0, mem.refcount(pfn));
        InvariantChecker.checkLru(k);
    }

    /**
     * fadvise(DONTNEED) of 3 dirty pages: __filemap_fdatawrite_range submits their writes (Dirty
     * 0, Writeback 3) without waiting, so the invalidation finds them under writeback and cannot
     * drop them: lru_deactivate_file gives each PG_reclaim at the head of the inactive list, and
     * the second invalidation queues them again. The next scheduling point completes the writes:
     * PG_reclaim cleared, each folio queued for lru_move_tail. When the batches move, lru_move_tail
     * puts them at the inactive tail, then lru_deactivate_file, finding them clean, there again
     * (pgrotated 3 + 3). The next reclaim pass frees all three.
     */
    @Test
    void fadviseDontneedWritesDirtyPagesAndTheyAreReclaimedOnceWritten() {
        Inode f = writeThreePages();
        int pfn = f.folio(1);
        int fd = (int) sys.open(pid, f.ino(), false);

        sys.fadvise(pid, fd, 0, 3, Fadvise.Advice.DONTNEED);
        assertEquals(3, f.nrpages(), "under writeback: not dropped");
        assertEquals(0, k.node().stat(NodeStat.NR_FILE_DIRTY));
        assertEquals(3, k.node().stat(NodeStat.NR_WRITEBACK));
        assertTrue(mem.test(pfn, PageFlag.PG_reclaim) && mem.test(pfn, PageFlag.PG_writeback));

        k.schedule();
        assertEquals(0, k.node().stat(NodeStat.NR_WRITEBACK));
        assertFalse(mem.test(pfn, PageFlag.PG_reclaim));
        k.swap().lruAddDrain();
        assertEquals(6, k.node().vmEvents(VmEvent.PGROTATED));
        assertEquals(3, size(LruList.INACTIVE_FILE));

        assertEquals(3, k.vmscan().shrinkListOnce(LruList.INACTIVE_FILE, 32));
        assertEquals(0, f.nrpages());
        InvariantChecker.checkLru(k);
    }
}
