package dev.folioscope.kernel.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.AllocFlags;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.task.Syscalls;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.CompactionEvents.CompactPriority;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Compaction migrates page-cache folios and swap-cache folios (6.18's isolate_migratepages_block,
 * migrate_pages, folio_migrate_mapping), on a 10 MiB machine fragmented as the scenario
 * compaction-high-order does it, but with a shared file mapping as the half that stays: a
 * process reads an 800-page file (MADV_RANDOM: one folio a fault, no readahead) and writes an
 * anonymous region four pages at a time, alternately, then unmaps the anonymous region; kernel
 * allocations take the free blocks of order 4 and above. Of the file's last 32 pages, from B,
 * B and B+1 are then only in the page cache (their mapping unmapped; B+1 dirtied by pwrite),
 * B+5 is dirtied through the mapping and B+6 is dirtied and put under writeback
 * (POSIX_FADV_DONTNEED starts the write, which completes only at a scheduling point).
 */
class FileCompactionTest {
    private static final long PS = 4096;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int FILE_PAGES = 800;
    /**
     * The file's last 32 pages, read last, take the lowest frames of the zone's first Movable
     * pageblock (0x200), which the migrate scanner takes first.
     */
    private static final int B = FILE_PAGES - 32;

    private final Kernel k = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(10L << 20), 1,
            Sysctl.defaults(), ThpMode.NEVER, PagingMode.FOUR_LEVEL, 4L << 20, MachineConfig.DEFAULT_READ_AHEAD_KB));
    private final Syscalls sys = k.syscalls();
    private final MemMap mem = k.mem();
    private final int pid = (int) sys.spawn("p");
    private final int ino = k.createFile("data", FILE_PAGES);
    private final int fd = (int) sys.open(pid, ino, true);
    private final long file = sys.mmap(pid, 0, FILE_PAGES * PS, RW, Mman.MAP_SHARED, fd, 0);
    /** A private anonymous page that goes to swap and is read back: mapped, in the swap cache. */
    private final long kept = sys.mmap(pid, 0, PS, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
    private final long holes = sys.mmap(pid, 0, FILE_PAGES * PS, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);

    private Inode inode() {
        return k.pageCache().get(ino);
    }

    private long pte(long addr) {
        Mm mm = k.tasks().get(pid).mm();
        PageTables.Walk w = new PageTables(k.pgtables(), mm.la57(), null).walk((int) mm.pgd(), addr);
        return w.pte() == null ? 0 : w.steps().getLast().entry();
    }

    /** Builds the fragmented zone; returns the zone. */
    private Zone fragment() {
        assertEquals(0, sys.madvise(pid, file, FILE_PAGES * PS, Mman.MADV_RANDOM));
        for (int run = 0; run < FILE_PAGES / 4; run++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(0, sys.access(pid, file + (4L * run + j) * PS, false));
            }
            for (int j = 0; j < 4; j++) {
                assertEquals(0, sys.access(pid, holes + (4L * run + j) * PS, true));
            }
            if (run == FILE_PAGES / 4 - 1) {
                // the kept page: written, paged out, its write completed, read back from the swap cache
                assertEquals(0, sys.access(pid, kept, true));
                assertEquals(0, sys.madvise(pid, kept, PS, Mman.MADV_PAGEOUT));
                k.schedule();
                assertEquals(0, sys.access(pid, kept, false));
            }
        }
        assertEquals(0, sys.munmap(pid, holes, FILE_PAGES * PS));
        k.swap().lruAddDrain();
        k.pageAlloc().drainAllPages();
        Zone zone = k.node().zone(0);
        for (int o = Zone.NR_PAGE_ORDERS - 1; o >= 4; o--) {
            while (zone.nrFree(o) > 0) {
                assertTrue(k.pageAlloc().allocPages(Gfp.GFP_KERNEL, 4) >= 0);
            }
        }
        assertEquals(FILE_PAGES, inode().nrpages(), "nothing was reclaimed");
        assertEquals(0, sys.munmap(pid, file + B * PS, 2 * PS));
        assertEquals(PS, sys.pwrite(pid, fd, B + 1, 1));
        assertEquals(0, sys.access(pid, file + (B + 5) * PS, true));
        assertEquals(0, sys.access(pid, file + (B + 6) * PS, true));
        assertEquals(0, sys.fadvise(pid, fd, B + 6, 1, Fadvise.Advice.DONTNEED));
        return zone;
    }

    /** Compacts the zone for order 4 as direct compaction at COMPACT_PRIO_SYNC_LIGHT does (MIGRATE_SYNC_LIGHT). */
    private TreeMap<Integer, Integer> compact(EventCollector events) {
        k.compaction().tryToCompactPages(Gfp.GFP_HIGHUSER_MOVABLE, 4, AllocFlags.ALLOC_WMARK_MIN,
                k.node().zones().size() - 1, CompactPriority.SYNC_LIGHT);
        TreeMap<Integer, Integer> moved = new TreeMap<>();
        for (EventCollector.Ev e : events.of(CompactionEvents.MIGRATE_FOLIO)) {
            moved.put((int) e.arg("src"), (int) e.arg("dst"));
        }
        return moved;
    }

    /** The highest pfn the migrate scanner reached. */
    private static long scannedTo(EventCollector events) {
        return events.of(CompactionEvents.ISOLATE_MIGRATEPAGES).getLast().arg("end_pfn");
    }

    /**
     * Pages B to B+7 lie in the first pageblock the migrate scanner takes. Those cached
     * only, mapped, clean and dirty, move: the page cache's slot and the process's PTE name the
     * new frame, which keeps the index, the dirt and the buffer heads; the old frame is free.
     * The folio under writeback is not isolated (ISOLATE_ASYNC_MIGRATE, which SYNC_LIGHT
     * compaction asks for) and stays. Every move counts in pgmigrate_success, none fails, and
     * the page-cache counters do not change.
     */
    @Test
    void pageCacheFoliosMoveAndTheFolioUnderWritebackStays() {
        Zone zone = fragment();
        int[] before = new int[8];
        for (int i = 0; i < before.length; i++) {
            before[i] = inode().folio(B + i);
        }
        assertTrue(mem.test(before[6], PageFlag.PG_writeback));
        assertTrue(mem.test(before[1], PageFlag.PG_dirty) && mem.mapcount(before[1]) == 0);
        assertTrue(mem.test(before[5], PageFlag.PG_dirty) && mem.test(before[5], PageFlag.PG_private));
        long filePages = k.node().stat(NodeStat.NR_FILE_PAGES);
        long fileDirty = k.node().stat(NodeStat.NR_FILE_DIRTY);
        long fileMapped = k.node().stat(NodeStat.NR_FILE_MAPPED);
        EventCollector events = EventCollector.on(k);

        TreeMap<Integer, Integer> moved = compact(events);

        for (int i = 0; i < before.length; i++) {
            assertTrue(before[i] >= zone.zoneStartPfn() && before[i] < scannedTo(events), "page " + i + " was scanned");
        }
        assertFalse(moved.containsKey(before[6]), "the folio under writeback is not migrated");
        assertEquals(before[6], inode().folio(B + 6));
        assertEquals(before[6], Pte.pfn(pte(file + (B + 6) * PS)));
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 7}) {
            int src = before[i];
            assertTrue(moved.containsKey(src), "page " + i + " moved");
            int dst = moved.get(src);
            assertEquals(dst, inode().folio(B + i), "the page cache names the new folio of page " + i);
            assertEquals(ino, Filemap.inodeOf(mem, dst));
            assertEquals(B + i, mem.index(dst));
            assertEquals(0, mem.refcount(src), "the old frame of page " + i + " is free");
            assertEquals(0, mem.mapping(src));
            if (i >= 2) {
                assertEquals(dst, Pte.pfn(pte(file + (B + i) * PS)), "the PTE of page " + i + " names the new folio");
                assertEquals(1, mem.mapcount(dst));
            } else {
                assertEquals(0, mem.mapcount(dst));
            }
            assertEquals(i == 1 || i == 5, mem.test(dst, PageFlag.PG_dirty), "page " + i + "'s dirt moved with it");
            assertTrue(mem.test(dst, PageFlag.PG_uptodate));
        }
        assertTrue(mem.test(moved.get(before[5]), PageFlag.PG_private), "the buffer heads moved");
        assertEquals(filePages, k.node().stat(NodeStat.NR_FILE_PAGES));
        assertEquals(fileDirty, k.node().stat(NodeStat.NR_FILE_DIRTY));
        assertEquals(fileMapped, k.node().stat(NodeStat.NR_FILE_MAPPED));
        assertEquals(moved.size(), k.node().vmEvents(VmEvent.PGMIGRATE_SUCCESS));
        assertEquals(0, k.node().vmEvents(VmEvent.PGMIGRATE_FAIL));
        assertTrue(k.node().vmEvents(VmEvent.COMPACTMIGRATE_SCANNED) >= scannedTo(events) - before[0]);
        assertEquals(moved.size(), events.of(CompactionEvents.FOLIO_MIGRATE_MAPPING).size(),
                "each folio moved, a file's or the swap cache's, had its cache's slot moved");
        InvariantChecker.checkMappings(k);
        InvariantChecker.checkLru(k);
    }

    /**
     * The anonymous folio read back from the swap cache is isolated (it has a mapping, the swap
     * cache, so its cache's reference is no pin) and migrated: the swap cache's slot, the
     * folio's swap entry and its PTE name the new frame; the slot still has SWAP_HAS_CACHE.
     */
    @Test
    void aSwapCacheFolioMovesWithItsSlot() {
        fragment();
        int src = (int) Pte.pfn(pte(kept));
        assertTrue(mem.test(src, PageFlag.PG_swapcache) && !mem.test(src, PageFlag.PG_writeback));
        int offset = k.swapInfo().cachedFolio(1) == src ? 1 : -1;
        assertEquals(1, offset, "the kept page has slot 1");
        long swapCached = k.node().stat(NodeStat.NR_SWAPCACHE);
        EventCollector events = EventCollector.on(k);

        TreeMap<Integer, Integer> moved = compact(events);

        assertTrue(src < scannedTo(events), "the folio was scanned");
        assertTrue(moved.containsKey(src), "the swap-cache folio moved");
        int dst = moved.get(src);
        assertEquals(dst, k.swapInfo().cachedFolio(offset));
        assertEquals(dst, Pte.pfn(pte(kept)));
        assertTrue(mem.test(dst, PageFlag.PG_swapcache) && mem.test(dst, PageFlag.PG_swapbacked)
                && mem.isAnon(dst));
        assertEquals(offset, mem.privateField(dst));
        assertEquals(0, mem.refcount(src));
        assertEquals(swapCached, k.node().stat(NodeStat.NR_SWAPCACHE));
        EventCollector.Ev slot = events.of(CompactionEvents.FOLIO_MIGRATE_MAPPING).stream()
                .filter(e -> e.arg("src") == src).findFirst().orElseThrow();
        assertEquals(1, slot.arg("swapcache"));
        assertEquals(offset, slot.arg("index"));
        InvariantChecker.checkMappings(k);
        InvariantChecker.checkLru(k);
    }
}
