package dev.folioscope.kernel.pagealloc;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/page_alloc.c, the high-atomic reserve: after a successful high-order atomic allocation
 * (ALLOC_HIGHATOMIC), its pageblock is set aside as MIGRATE_HIGHATOMIC, up to about 1% of the zone,
 * so that later such requests find a block; ordinary requests may not count those free pages
 * (__zone_watermark_unusable_free). Before an allocation is given up, reserved pageblocks are
 * handed back.
 *
 * <p>Rule kept at every event: nr_reserved_highatomic never exceeds the zone's limit rounded up to
 * a pageblock, and nr_free_highatomic counts the pages on the HighAtomic free lists.
 */
final class HighAtomic {
    private static final int PAGEBLOCK_NR_PAGES = MemMap.PAGEBLOCK_NR_PAGES;

    private final MemMap mem;
    private final PglistData node;
    private final Trace trace;
    private final Buddy buddy;

    HighAtomic(MemMap mem, PglistData node, Trace trace, Buddy buddy) {
        this.mem = mem;
        this.node = node;
        this.trace = trace;
        this.buddy = buddy;
    }

    /** The most a zone reserves: 1% of its managed pages rounded up to a pageblock, 0 below a pageblock. */
    static long maxReserved(Zone zone) {
        long onePercent = zone.managedPages() / 100;
        if (onePercent < PAGEBLOCK_NR_PAGES) {
            return 0;
        }
        return (onePercent + PAGEBLOCK_NR_PAGES - 1) / PAGEBLOCK_NR_PAGES * PAGEBLOCK_NR_PAGES;
    }

    /**
     * reserve_highatomic_pageblock: turns the pageblock(s) of a block just allocated with
     * ALLOC_HIGHATOMIC into HighAtomic ones, with their free blocks, unless the zone's reserve is
     * full or the pageblock is not of a mergeable type.
     */
    void reserve(int pfn, int order, Zone zone) {
        long max = maxReserved(zone);
        if (max == 0 || zone.nrReservedHighatomic() >= max) {
            return;
        }
        trace.enter(PageAllocEvents.RESERVE_HIGHATOMIC_PAGEBLOCK, zone.index(), pfn, order, (int) max);
        int mt = mem.pageblockMigratetype(pfn);
        // The count goes up before the blocks move (the kernel does both under zone->lock), so
        // that every event of the move already shows the reserve it belongs to.
        if (MigrateType.isMergeable(mt)) {
            if (order < MemMap.PAGEBLOCK_ORDER) {
                if (Buddy.pageblockWithinZone(zone, pfn & ~(PAGEBLOCK_NR_PAGES - 1))) {
                    zone.setNrReservedHighatomic(zone.nrReservedHighatomic() + PAGEBLOCK_NR_PAGES);
                    buddy.moveFreepagesBlock(zone, pfn, mt, MigrateType.HIGHATOMIC.ordinal());
                }
            } else {
                zone.setNrReservedHighatomic(zone.nrReservedHighatomic() + (1L << order));
                buddy.changePageblockRange(zone, pfn, order, MigrateType.HIGHATOMIC.ordinal());
            }
        }
        trace.exit((int) zone.nrReservedHighatomic());
    }

    /**
     * unreserve_highatomic_pageblock: gives the first reserved pageblock found (zonelist order,
     * smallest order first) back to the allocation's migratetype. Without {@code force}, each zone
     * keeps one pageblock (the unforced call of __alloc_pages_direct_reclaim after progress; the
     * forced one is should_reclaim_retry's).
     *
     * @return whether a pageblock was given back
     */
    boolean unreserve(AllocContext ac, boolean force) {
        trace.enter(PageAllocEvents.UNRESERVE_HIGHATOMIC_PAGEBLOCK, ac.migratetype(), force ? 1 : 0);
        boolean released = false;
        int highAtomic = MigrateType.HIGHATOMIC.ordinal();
        for (int i = 0; i < node.zonelistLength() && !released; i++) {
            Zone zone = node.zonelistZone(i);
            if (zone.index() > ac.highestZoneidx()
                    || !force && zone.nrReservedHighatomic() <= PAGEBLOCK_NR_PAGES) {
                continue;
            }
            for (int order = 0; order < Zone.NR_PAGE_ORDERS && !released; order++) {
                int pfn = zone.freeListHead(order, highAtomic);
                if (pfn == MemMap.NO_PFN) {
                    continue;
                }
                long size = Math.min(Math.max(PAGEBLOCK_NR_PAGES, 1L << order), zone.nrReservedHighatomic());
                zone.setNrReservedHighatomic(zone.nrReservedHighatomic() - size);
                if (order < MemMap.PAGEBLOCK_ORDER) {
                    released = buddy.moveFreepagesBlock(zone, pfn, highAtomic, ac.migratetype()) > 0;
                } else {
                    buddy.moveToFreeList(zone, pfn, order, highAtomic, ac.migratetype());
                    buddy.changePageblockRange(zone, pfn, order, ac.migratetype());
                    released = true;
                }
            }
        }
        trace.exit(released ? 1 : 0);
        return released;
    }
}
