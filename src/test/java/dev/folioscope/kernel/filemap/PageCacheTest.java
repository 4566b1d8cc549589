package dev.folioscope.kernel.filemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.swap.LruBatches;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * The page cache through system calls, with expectations worked out from 6.18's mm/filemap.c,
 * mm/readahead.c, mm/swap.c and mm/madvise.c: what a read, a write, MADV_COLD, MADV_WILLNEED and
 * the end of a shmem object leave in the cache, the LRU lists and the counters.
 */
class PageCacheTest {
    private static final long PS = 4096;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    private final Kernel k = TestMachines.boot(64L << 20);
    private final Syscalls sys = k.syscalls();
    private final MemMap mem = k.mem();
    private final int pid = (int) sys.spawn("p");

    private Inode inode(String name) {
        return k.pageCache().byName(name);
    }

    private long pte(long addr) {
        var mm = k.tasks().get(pid).mm();
        PageTables.Walk w = new PageTables(k.pgtables(), mm.la57(), null).walk((int) mm.pgd(), addr);
        return w.pte() == null ? 0 : w.steps().getLast().entry();
    }

    private void check() {
        InvariantChecker.checkMappings(k);
        InvariantChecker.checkLru(k);
    }

    /**
     * A 4-page read of a cold 64-page file reads the first window: get_init_ra_size(4, 32) is 8
     * (4 is above 32/32 and at most 32/4: doubled), 4 of them ahead, so PG_readahead is on page
     * 8 - 4 = 4; each folio read is marked accessed once.
     */
    @Test
    void aColdReadReadsAheadAndMarksWhatItRead() {
        int ino = k.createFile("data", 64);
        int fd = (int) sys.open(pid, ino, false);
        assertEquals(4 * PS, sys.pread(pid, fd, 0, 4));
        Inode f = inode("data");
        assertEquals(8, f.nrpages());
        assertEquals(8, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertTrue(mem.test(f.folio(4), PageFlag.PG_readahead));
        for (int i = 0; i < 8; i++) {
            int pfn = f.folio(i);
            assertTrue(mem.test(pfn, PageFlag.PG_uptodate) && mem.test(pfn, PageFlag.PG_mappedtodisk), "page " + i);
            assertEquals(i < 4, mem.test(pfn, PageFlag.PG_referenced), "page " + i);
        }
        assertEquals(-9, sys.pwrite(pid, fd, 0, 1), "opened read-only: -EBADF");
        check();
    }

    /**
     * A second read of a folio still waiting in the lru_add batch activates it there
     * (__lru_cache_activate_folio): it reaches the active file list when the batch moves.
     */
    @Test
    void aSecondUseActivatesAFolioStillInTheBatch() {
        int fd = (int) sys.open(pid, k.createFile("data", 4), false);
        sys.pread(pid, fd, 0, 1);
        sys.pread(pid, fd, 0, 1);
        int pfn = inode("data").folio(0);
        assertTrue(mem.test(pfn, PageFlag.PG_active));
        assertFalse(mem.test(pfn, PageFlag.PG_referenced));
        k.swap().lruAddDrain();
        assertEquals(1, k.node().lruvec().size(LruList.ACTIVE_FILE));
        assertEquals(3, k.node().lruvec().size(LruList.INACTIVE_FILE));
        check();
    }

    /** A write past the end grows the file and dirties new folios with buffer heads, counted in Dirty:. */
    @Test
    void aWriteDirtiesTheCacheAndGrowsTheFile() {
        int fd = (int) sys.open(pid, k.createFile("log", 1), true);
        assertEquals(3 * PS, sys.pwrite(pid, fd, 1, 3));
        Inode f = inode("log");
        assertEquals(4, f.sizePages());
        assertEquals(3, f.nrpages(), "page 0 was never read or written: not cached");
        assertEquals(3, k.node().stat(NodeStat.NR_FILE_DIRTY));
        int pfn = f.folio(2);
        assertTrue(mem.test(pfn, PageFlag.PG_dirty) && mem.test(pfn, PageFlag.PG_private)
                && mem.test(pfn, PageFlag.PG_uptodate));
        check();
    }

    /**
     * MADV_COLD on a mapping of active file folios: their PTEs become old, the folios lose
     * PG_referenced, get PG_workingset and wait in lru_deactivate; the next drain moves them to the
     * inactive file list.
     */
    @Test
    void madviseColdDeactivates() {
        int fd = (int) sys.open(pid, k.createFile("data", 4), true);
        sys.pread(pid, fd, 0, 4);
        sys.pread(pid, fd, 0, 4);
        long a = sys.mmap(pid, 0, 4 * PS, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0);
        assertEquals(0, sys.access(pid, a, false));
        assertTrue(Pte.young(pte(a + 3 * PS)), "fault-around maps young PTEs");

        assertEquals(0, sys.madvise(pid, a, 4 * PS, Mman.MADV_COLD));
        assertEquals(4, k.node().lruvec().size(LruList.ACTIVE_FILE), "drained first, so on the active list");
        assertEquals(4, k.lruBatches().count(LruBatches.Batch.LRU_DEACTIVATE, 0));
        int pfn = inode("data").folio(3);
        assertFalse(Pte.young(pte(a + 3 * PS)));
        assertTrue(mem.test(pfn, PageFlag.PG_workingset));
        check();

        k.swap().lruAddDrain();
        assertEquals(4, k.node().lruvec().size(LruList.INACTIVE_FILE));
        assertFalse(mem.test(pfn, PageFlag.PG_active));
        check();
    }

    /** MADV_WILLNEED of a file mapping reads ra_pages (32) of it ahead without mapping any. */
    @Test
    void madviseWillneedReadsTheFileAhead() {
        int fd = (int) sys.open(pid, k.createFile("data", 64), true);
        long a = sys.mmap(pid, 0, 64 * PS, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0);
        assertEquals(0, sys.madvise(pid, a, 64 * PS, Mman.MADV_WILLNEED));
        assertEquals(32, inode("data").nrpages());
        assertEquals(0, k.node().stat(NodeStat.NR_FILE_MAPPED));
        for (int i = 0; i < 32; i++) {
            assertFalse(mem.test(inode("data").folio(i), PageFlag.PG_readahead), "page " + i);
        }
        check();
    }

    /**
     * A shared anonymous mapping is a shmem object: its pages are swap-backed page-cache folios
     * (Shmem:, RssShmem), and unmapping its last mapping frees the object and its pages.
     */
    @Test
    void theLastUnmapOfShmemFreesIt() {
        long a = sys.mmap(pid, 0, 4 * PS, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, -1, 0);
        assertEquals(0, sys.access(pid, a, false));
        assertEquals(0, sys.access(pid, a + PS, true));
        assertEquals(2, k.node().stat(NodeStat.NR_SHMEM));
        assertEquals(2, k.tasks().get(pid).mm().rssStat(Mm.MM_SHMEMPAGES));
        int child = (int) sys.fork(pid);
        assertEquals(0, sys.munmap(pid, a, 4 * PS));
        assertEquals(2, k.node().stat(NodeStat.NR_SHMEM), "the child still maps the object");
        check();
        assertEquals(0, sys.exit(child));
        assertEquals(0, k.node().stat(NodeStat.NR_SHMEM));
        assertEquals(0, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertNull(k.pageCache().all().stream().filter(Inode::shmem).findFirst().orElse(null));
        check();
    }
}
