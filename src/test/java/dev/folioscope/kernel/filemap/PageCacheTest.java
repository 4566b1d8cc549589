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
    /** A 2 MiB-aligned address, so that page N of a mapping there is PTE N of its table: fault-around blocks are pages 16k to 16k+15. */
    private static final long AT = 0x7f0000000000L;

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
     * A second read of a folio through the same open file, from where the first ended, does not
     * mark it again (filemap_read: pos_same_folio with the previous position); a read through
     * another open does, and a second use of a folio still waiting in the lru_add batch activates
     * it there (__lru_cache_activate_folio): it reaches the active file list when the batch moves.
     */
    @Test
    void aSecondUseActivatesAFolioStillInTheBatch() {
        int ino = k.createFile("data", 4);
        int fd = (int) sys.open(pid, ino, false);
        sys.pread(pid, fd, 0, 1);
        int pfn = inode("data").folio(0);
        assertTrue(mem.test(pfn, PageFlag.PG_referenced));
        sys.pread(pid, fd, 0, 1);
        assertFalse(mem.test(pfn, PageFlag.PG_active), "the same open, the same page: not marked again");
        int other = (int) sys.open(pid, ino, false);
        sys.pread(pid, other, 0, 1);
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

    /**
     * A read fault on the PG_readahead page drops the mmap lock for the next window and is
     * retried (not as FAULT_FLAG_TRIED), so fault-around maps the page and the new window's pages
     * of its block. 128-page file: the fault on 25 reads around it, 9-40 with the marker on
     * 9 + 32 - 8 = 33, and maps 16-31; the fault on 33 maps 32 and 34-40, then the async window
     * 41-71 (32 pages trimmed to an order-2 boundary: 73 down to 72) marked on 41, and the retry
     * maps 33 and 42-47: 31 pages mapped, 63 cached.
     */
    @Test
    void aFaultOnTheReadaheadMarkIsRetriedAndMapsTheNewWindow() {
        int fd = (int) sys.open(pid, k.createFile("big", 128), true);
        long a = sys.mmap(pid, AT, 128 * PS, Mman.PROT_READ, Mman.MAP_SHARED | Mman.MAP_FIXED, fd, 0);
        assertEquals(0, sys.access(pid, a + 25 * PS, false));
        assertEquals(16, k.node().stat(NodeStat.NR_FILE_MAPPED));
        assertTrue(mem.test(inode("big").folio(33), PageFlag.PG_readahead));
        assertEquals(0, sys.access(pid, a + 33 * PS, false));
        assertEquals(31, k.node().stat(NodeStat.NR_FILE_MAPPED));
        assertEquals(63, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertTrue(mem.test(inode("big").folio(41), PageFlag.PG_readahead));
        assertEquals(Inode.NONE, inode("big").folio(72));
        check();
    }

    /** MADV_RANDOM: a fault reads its one page and maps only it; no readahead, no fault-around gain. */
    @Test
    void aRandomMappingReadsOnlyTheFaultingPage() {
        int fd = (int) sys.open(pid, k.createFile("big", 128), true);
        long a = sys.mmap(pid, AT, 128 * PS, Mman.PROT_READ, Mman.MAP_SHARED | Mman.MAP_FIXED, fd, 0);
        assertEquals(0, sys.madvise(pid, a, 128 * PS, Mman.MADV_RANDOM));
        assertEquals(0, sys.access(pid, a + 40 * PS, false));
        assertEquals(1, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertEquals(1, k.node().stat(NodeStat.NR_FILE_MAPPED));
        check();
    }

    /**
     * An executable mapping reads ra_pages from the fault (40-71), within the VMA and with no
     * marker, and fault-around maps the block of the fault (40-47).
     */
    @Test
    void anExecutableMappingReadsAheadFromTheFault() {
        int fd = (int) sys.open(pid, k.createFile("lib", 128), false);
        long a = sys.mmap(pid, AT, 128 * PS, Mman.PROT_READ | Mman.PROT_EXEC, Mman.MAP_PRIVATE | Mman.MAP_FIXED, fd,
                0);
        assertEquals(0, sys.access(pid, a + 40 * PS, false));
        assertEquals(32, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertEquals(40, mem.index(inode("lib").folio(40)));
        assertEquals(Inode.NONE, inode("lib").folio(39));
        for (int i = 40; i < 72; i++) {
            assertFalse(mem.test(inode("lib").folio(i), PageFlag.PG_readahead), "page " + i);
        }
        assertEquals(8, k.node().stat(NodeStat.NR_FILE_MAPPED));
        check();
    }

    /** File pages mapped into a VM_LOCKED VMA are mlocked (__folio_add_file_rmap → mlock_vma_folio). */
    @Test
    void aLockedFileMappingMlocksItsPages() {
        int fd = (int) sys.open(pid, k.createFile("data", 16), true);
        long a = sys.mmap(pid, 0, 16 * PS, Mman.PROT_READ, Mman.MAP_SHARED | Mman.MAP_LOCKED, fd, 0);
        assertTrue(a > 0);
        k.swap().lruAddDrain();
        for (int i = 0; i < 16; i++) {
            assertTrue(mem.test(inode("data").folio(i), PageFlag.PG_mlocked), "page " + i);
        }
        assertEquals(16, k.node().lruvec().size(LruList.UNEVICTABLE));
        check();
    }

    /**
     * POSIX_FADV_DONTNEED on a 16-page file read whole (8 folios then mapped, page 9 rewritten):
     * lru_add_drain puts the read folios on the inactive file list; the 7 clean unmapped ones
     * leave the cache and are freed; the 8 mapped and the dirty one are queued for lru_deactivate_file
     * (7 drops and 9 failures); the failures drain every CPU and are tried once more (9 queued
     * again). Once drained, the dirty one sits at the head of the inactive list with PG_reclaim,
     * the mapped ones where they were.
     */
    @Test
    void fadviseDontneedDropsOnlyCleanUnusedFolios() {
        int ino = k.createFile("data", 16);
        int fd = (int) sys.open(pid, ino, true);
        assertEquals(16 * PS, sys.pread(pid, fd, 0, 16));
        long at = sys.mmap(pid, AT, 8 * PS, Mman.PROT_READ, Mman.MAP_SHARED | Mman.MAP_FIXED, fd, 0);
        assertEquals(AT, at);
        for (int i = 0; i < 8; i++) {
            sys.access(pid, AT + i * PS, false);
        }
        assertEquals(PS, sys.pwrite(pid, fd, 9, 1));
        Inode f = inode("data");
        int dirty = f.folio(9);
        int[] dropped = {f.folio(8), f.folio(10), f.folio(11), f.folio(12), f.folio(13), f.folio(14), f.folio(15)};

        assertEquals(0, sys.fadvise(pid, fd, 0, 0, Fadvise.Advice.DONTNEED));

        assertEquals(9, f.nrpages(), "8 mapped + 1 dirty stay");
        for (int i = 0; i < 16; i++) {
            assertEquals(i < 8 || i == 9, f.folio(i) != Inode.NONE, "page " + i);
        }
        assertEquals(9, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertEquals(9, k.lruBatches().count(LruBatches.Batch.LRU_DEACTIVATE_FILE, 0));
        for (int pfn : dropped) {
            assertEquals(0, mem.refcount(pfn), "pfn " + pfn + " freed");
            assertFalse(mem.test(pfn, PageFlag.PG_lru), "pfn " + pfn + " off the LRU");
        }
        sys.close(pid, fd);
        k.swap().lruAddDrain();
        assertTrue(mem.test(dirty, PageFlag.PG_reclaim));
        assertEquals(dirty, k.node().lruvec().first(LruList.INACTIVE_FILE));
        check();
    }
}
