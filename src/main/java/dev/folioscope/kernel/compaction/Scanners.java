package dev.folioscope.kernel.compaction;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.Trace;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * struct compact_control and its two scanners (mm/compaction.c): the migrate scanner walks the
 * zone up from its start a pageblock at a time, isolating movable folios from the LRU; the free
 * scanner walks down from its last pageblock, taking free blocks as migration targets; they
 * meet in the middle.
 */
final class Scanners {
    /** COMPACT_CLUSTER_MAX (SWAP_CLUSTER_MAX): folios isolated per round. */
    static final int COMPACT_CLUSTER_MAX = 32;
    private static final int PB = MemMap.PAGEBLOCK_NR_PAGES;

    private final MemMap mem;
    private final PglistData node;
    private final Zone zone;
    private final int order;
    private final int gfp;
    private final int migratetype;
    private final boolean sync;
    private final PageAlloc pageAlloc;
    private final Trace trace;
    private int migratePfn;
    private int freePfn;
    /** cc->freepages[order]: the isolated free blocks, by order, each list first-in first-out. */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Integer>[] freepages = new ArrayDeque[Zone.NR_PAGE_ORDERS];
    private int nrMigratepages;
    private long totalMigrateScanned;
    private long totalFreeScanned;

    /**
     * @param gfp cc->gfp_mask: the allocation's (GFP_KERNEL for kcompactd); it gives the
     *     migratetype, and without __GFP_FS only folios without a mapping are taken
     * @param sync cc->mode is MIGRATE_SYNC_LIGHT rather than MIGRATE_ASYNC (compaction in 6.18
     *     uses MIGRATE_SYNC only when written to /proc/sys/vm/compact_memory, which the model
     *     does not have)
     */
    Scanners(MemMap mem, PglistData node, Zone zone, int order, int gfp, boolean sync, PageAlloc pageAlloc,
            Trace trace) {
        this.mem = mem;
        this.node = node;
        this.zone = zone;
        this.order = order;
        this.gfp = gfp;
        this.migratetype = Gfp.gfpMigratetype(gfp);
        this.sync = sync;
        this.pageAlloc = pageAlloc;
        this.trace = trace;
        // cc->whole_zone: the migrate scanner at the zone's start, the free scanner at its last pageblock
        this.migratePfn = zone.zoneStartPfn();
        this.freePfn = (int) ((zone.zoneEndPfn() - 1) & -PB);
        for (int o = 0; o < freepages.length; o++) {
            freepages[o] = new ArrayDeque<>();
        }
    }

    Zone zone() {
        return zone;
    }

    int order() {
        return order;
    }

    int migratetype() {
        return migratetype;
    }

    int migratePfn() {
        return migratePfn;
    }

    int freePfn() {
        return freePfn;
    }

    long totalMigrateScanned() {
        return totalMigrateScanned;
    }

    long totalFreeScanned() {
        return totalFreeScanned;
    }

    /** compact_scanners_met: the free scanner's pageblock is at or below the migrate scanner's. */
    boolean scannersMet() {
        return freePfn / PB <= migratePfn / PB;
    }

    /**
     * isolate_migratepages: from the migrate scanner, the first pageblock below the free scanner
     * that may be a source (asynchronous compaction of a movable request takes Movable pageblocks
     * only) has its folios isolated; the scanner moves past what was scanned.
     *
     * @return the isolated folios, in pfn order
     */
    int[] isolateMigratepages() {
        int low = migratePfn;
        int blockEnd = (low & -PB) + PB;
        int[] taken = new int[0];
        for (; blockEnd <= freePfn; low = blockEnd, blockEnd += PB) {
            int start = Math.max(low, zone.zoneStartPfn());
            if (suitableMigrationSource(start)) {
                int[] out = new int[COMPACT_CLUSTER_MAX];
                int[] n = {0};
                low = isolateMigratepagesBlock(start, blockEnd, out, n);
                taken = Arrays.copyOf(out, n[0]);
                break;
            }
        }
        migratePfn = low;
        nrMigratepages = taken.length;
        return taken;
    }

    /** suitable_migration_source. */
    private boolean suitableMigrationSource(int pfn) {
        if (sync) {
            return true;
        }
        int blockMt = mem.pageblockMigratetype(pfn);
        return migratetype == MigrateType.MOVABLE.ordinal() ? blockMt == MigrateType.MOVABLE.ordinal()
                : blockMt == migratetype;
    }

    /**
     * isolate_migratepages_block: each page of [low, end): free blocks are stepped over; a folio
     * on an LRU list is isolated — a reference taken, PG_lru cleared, off its list — up to
     * COMPACT_CLUSTER_MAX of them, unless
     * <ul>
     *   <li>it has no mapping (folio_mapping: anonymous and not in the swap cache) and a reference
     *       beyond its mappings: pinned, it could not be migrated;
     *   <li>it has a mapping (a file's page cache, or the swap cache) and the allocation may not
     *       call into filesystems (no __GFP_FS);
     *   <li>it is unevictable (the model skips these, as with compact_unevictable_allowed 0);
     *   <li>it is under writeback: ISOLATE_ASYNC_MIGRATE, which compaction asks for in every mode
     *       but MIGRATE_SYNC, so in both the model has.
     * </ul>
     * A dirty folio is taken even by asynchronous compaction: that needs its mapping to have a
     * migrate_folio operation, and every mapping the model has does (ext4's buffer_migrate_folio,
     * migrate_folio for shmem and the swap cache).
     *
     * @return where the scan stopped
     */
    private int isolateMigratepagesBlock(int low, int end, int[] out, int[] n) {
        int start = low;
        long scanned = 0;
        int pfn = low;
        for (; pfn < end; pfn++) {
            scanned++;
            if (mem.isBuddy(pfn)) {
                int skip = (1 << mem.buddyOrder(pfn)) - 1;
                pfn += skip;
                scanned += skip;
                continue;
            }
            if (!mem.test(pfn, PageFlag.PG_lru)) {
                continue;
            }
            boolean mapping = Migrate.folioHasMapping(mem, pfn);
            if (!mapping && mem.refcount(pfn) > mem.mapcount(pfn)
                    || mapping && (gfp & Gfp.__GFP_FS) == 0
                    || mem.test(pfn, PageFlag.PG_unevictable) || mem.test(pfn, PageFlag.PG_writeback)) {
                continue;
            }
            mem.setRefcount(pfn, mem.refcount(pfn) + 1);
            node.lruvec().del(mem, Swap.folioLruList(mem, pfn), pfn);
            mem.clearFlag(pfn, PageFlag.PG_lru);
            out[n[0]++] = pfn;
            if (n[0] == COMPACT_CLUSTER_MAX) {
                pfn++;
                break;
            }
        }
        totalMigrateScanned += scanned;
        node.countVmEvents(VmEvent.COMPACTISOLATED, n[0]);
        trace.point(CompactionEvents.ISOLATE_MIGRATEPAGES, start, pfn, scanned, n[0]);
        return pfn;
    }

    /**
     * compaction_alloc: the first block of the smallest order that has one (isolating more when
     * none is left), split down to one page: the upper halves go back to the heads of their
     * lists. The page gets its reference (post_alloc_hook).
     *
     * @return the page, or -1 when the free scanner found nothing more
     */
    int compactionAlloc() {
        if (lowestNonEmpty() < 0) {
            isolateFreepages();
        }
        int o = lowestNonEmpty();
        if (o < 0) {
            return -1;
        }
        int pfn = freepages[o].pollFirst();
        while (o > 0) {
            o--;
            freepages[o].addFirst(pfn + (1 << o));
        }
        mem.setRefcount(pfn, 1);
        nrMigratepages--;
        return pfn;
    }

    /**
     * compaction_free: a target a folio that failed to migrate did not use (its only reference
     * dropped) goes back to the head of the order-0 list, for the next folio.
     */
    void compactionFree(int pfn) {
        mem.setRefcount(pfn, 0);
        freepages[0].addFirst(pfn);
        nrMigratepages++;
    }

    private int lowestNonEmpty() {
        for (int o = 0; o < freepages.length; o++) {
            if (!freepages[o].isEmpty()) {
                return o;
            }
        }
        return -1;
    }

    /**
     * isolate_freepages: pageblocks from the free scanner down to the one above the migrate
     * scanner, each a suitable target, until there are as many free pages as folios to move.
     */
    private void isolateFreepages() {
        int lowPfn = (migratePfn & -PB) + PB;
        int blockStart = freePfn;
        for (; blockStart >= lowPfn; blockStart -= PB) {
            int blockEnd = (int) Math.min(blockStart + PB, zone.zoneEndPfn());
            if (blockStart < zone.zoneStartPfn() || !suitableMigrationTarget(blockStart)) {
                continue;
            }
            isolateFreepagesBlock(blockStart, blockEnd);
            if (nrFreepages() >= nrMigratepages) {
                blockStart -= PB;
                break;
            }
        }
        freePfn = blockStart;
    }

    private long nrFreepages() {
        long n = 0;
        for (int o = 0; o < freepages.length; o++) {
            n += (long) freepages[o].size() << o;
        }
        return n;
    }

    /**
     * suitable_migration_target: not a block whose first page is free at the requested order or
     * above (that is what compaction builds), and a Movable pageblock.
     */
    private boolean suitableMigrationTarget(int pfn) {
        if (mem.isBuddy(pfn) && mem.buddyOrder(pfn) >= (order > 0 ? order : MemMap.PAGEBLOCK_ORDER)) {
            return false;
        }
        return mem.pageblockMigratetype(pfn) == MigrateType.MOVABLE.ordinal();
    }

    /** isolate_freepages_block: every free block of the pageblock, until the watermark refuses one. */
    private void isolateFreepagesBlock(int start, int end) {
        long scanned = 0;
        long taken = 0;
        for (int pfn = start; pfn < end; pfn++) {
            scanned++;
            if (!mem.isBuddy(pfn)) {
                continue;
            }
            int o = mem.buddyOrder(pfn);
            if (!pageAlloc.isolateFreePage(pfn, o)) {
                break;
            }
            freepages[o].addLast(pfn);
            taken += 1L << o;
            scanned += (1L << o) - 1;
            pfn += (1 << o) - 1;
        }
        totalFreeScanned += scanned;
        node.countVmEvents(VmEvent.COMPACTISOLATED, taken);
        trace.point(CompactionEvents.ISOLATE_FREEPAGES, start, end, scanned, taken);
    }

    /** putback_movable_pages: each folio back to the LRU (folio_putback_lru), the isolation's reference dropped. */
    void putback(int[] folios, Swap swap) {
        for (int folio : folios) {
            swap.folioAddLru(folio);
            swap.folioPut(folio);
        }
    }

    /** release_free_list: the free pages not used go back to the buddy allocator. */
    void releaseFreeList() {
        for (int o = 0; o < freepages.length; o++) {
            while (!freepages[o].isEmpty()) {
                int pfn = freepages[o].pollFirst();
                mem.setRefcount(pfn, 1);
                pageAlloc.freePages(pfn, o);
            }
        }
    }
}
