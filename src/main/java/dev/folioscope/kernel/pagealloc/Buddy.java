package dev.folioscope.kernel.pagealloc;

import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_KSWAPD;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NOFRAGMENT;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.page.PageType;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/page_alloc.c, the buddy lists themselves: taking blocks off the free lists (__rmqueue and its
 * migratetype fallbacks, expand), putting them back and merging (__free_one_page), and moving
 * pageblocks between migratetypes.
 *
 * <p>Context: every method here runs "under zone->lock"; the simulated kernel is single-threaded.
 * Rule kept at every event (the kernel's VM_WARN in __add_to_free_list, move_to_free_list and
 * __del_page_from_free_list): a free block sits on the list of its first pageblock's migratetype.
 *
 * <p>Simplification: NR_FREE_PAGES moves with each list change instead of once per operation, so
 * that it equals the sum over free_area after every event.
 */
final class Buddy {
    /**
     * fallbacks[]: the migratetypes to take from when a type's own lists are empty, in the order
     * tried.
     */
    private static final int[][] FALLBACKS = {
        {MigrateType.RECLAIMABLE.ordinal(), MigrateType.MOVABLE.ordinal()},
        {MigrateType.RECLAIMABLE.ordinal(), MigrateType.UNMOVABLE.ordinal()},
        {MigrateType.UNMOVABLE.ordinal(), MigrateType.MOVABLE.ordinal()},
    };
    static final int NO_PAGE = -1;
    private static final int PAGEBLOCK_ORDER = MemMap.PAGEBLOCK_ORDER;
    private static final int PAGEBLOCK_NR_PAGES = MemMap.PAGEBLOCK_NR_PAGES;

    private final MemMap mem;
    private final Trace trace;
    private final int watermarkBoostFactor;
    private final boolean mobilityGroupingDisabled;

    Buddy(MemMap mem, Trace trace, int watermarkBoostFactor, boolean mobilityGroupingDisabled) {
        this.mem = mem;
        this.trace = trace;
        this.watermarkBoostFactor = watermarkBoostFactor;
        this.mobilityGroupingDisabled = mobilityGroupingDisabled;
    }

    /**
     * enum rmqueue_mode: where the last __rmqueue of one rmqueue_bulk found its block, so that
     * the next one starts there (the lists do not change in between).
     */
    static final class RmqueueMode {
        private static final int NORMAL = 0;
        private static final int STEAL = 1;
        private int mode = NORMAL;
    }

    /**
     * __rmqueue: the requested migratetype's own lists first, then fallbacks in rising order of
     * fragmentation risk — claiming a whole pageblock, then stealing a single block (never under
     * ALLOC_NOFRAGMENT). CMA is not configured.
     *
     * @return the pfn of a block of {@code order}, off every list, or {@link #NO_PAGE}
     */
    int rmqueue(Zone zone, int order, int mt, int allocFlags, RmqueueMode m) {
        int pfn;
        if (m.mode == RmqueueMode.NORMAL) {
            pfn = rmqueueSmallest(zone, order, mt);
            if (pfn != NO_PAGE) {
                return pfn;
            }
        }
        if (m.mode != RmqueueMode.STEAL) {
            pfn = rmqueueClaim(zone, order, mt, allocFlags);
            if (pfn != NO_PAGE) {
                m.mode = RmqueueMode.NORMAL;
                return pfn;
            }
        }
        if ((allocFlags & ALLOC_NOFRAGMENT) == 0) {
            pfn = rmqueueSteal(zone, order, mt);
            if (pfn != NO_PAGE) {
                m.mode = RmqueueMode.STEAL;
                return pfn;
            }
        }
        return NO_PAGE;
    }

    /**
     * __rmqueue_smallest: the first block on the smallest non-empty list of this migratetype at or
     * above the order, split down to the order.
     */
    int rmqueueSmallest(Zone zone, int order, int mt) {
        trace.enter(PageAllocEvents.RMQUEUE_SMALLEST, zone.index(), order, mt);
        int pfn = NO_PAGE;
        for (int current = order; current < Zone.NR_PAGE_ORDERS; current++) {
            int head = zone.freeListHead(current, mt);
            if (head != MemMap.NO_PFN) {
                pageDelAndExpand(zone, head, order, current, mt);
                pfn = head;
                break;
            }
        }
        trace.exit(pfn);
        return pfn;
    }

    /** page_del_and_expand: takes a block off its list and returns the unused halves. */
    private void pageDelAndExpand(Zone zone, int pfn, int low, int high, int mt) {
        delPageFromFreeList(zone, pfn, high, mt);
        expand(zone, pfn, low, high, mt);
    }

    /**
     * expand: halves a block of order {@code high} until it is of order {@code low}; each upper half
     * goes to the head of its order's list, so the caller keeps the lowest pages.
     */
    private void expand(Zone zone, int pfn, int low, int high, int mt) {
        if (high == low) {
            return;
        }
        trace.enter(PageAllocEvents.EXPAND, zone.index(), pfn, low, high, mt);
        int size = 1 << high;
        while (high > low) {
            high--;
            size >>= 1;
            addToFreeList(zone, pfn + size, high, mt, false);
        }
        trace.exit(pfn);
    }

    /**
     * find_suitable_fallback: the first fallback migratetype with a free block at this order, -1 if
     * none, or -2 when {@code claimable} and blocks this small may not claim a pageblock.
     */
    int findSuitableFallback(Zone zone, int order, int mt, boolean claimable) {
        if (claimable && !shouldTryClaimBlock(order, mt)) {
            return -2;
        }
        if (zone.nrFree(order) == 0) {
            return -1;
        }
        for (int fallback : FALLBACKS[mt]) {
            if (zone.freeListHead(order, fallback) != MemMap.NO_PFN) {
                return fallback;
            }
        }
        return -1;
    }

    /**
     * should_try_claim_block: large blocks, and any block for unmovable or reclaimable requests,
     * are worth claiming the whole pageblock for.
     */
    private boolean shouldTryClaimBlock(int order, int mt) {
        return order >= PAGEBLOCK_ORDER / 2 || mt == MigrateType.RECLAIMABLE.ordinal()
                || mt == MigrateType.UNMOVABLE.ordinal() || mobilityGroupingDisabled;
    }

    /**
     * __rmqueue_claim: searching from the largest order down, takes over a pageblock of another
     * migratetype for this one, then allocates from it.
     */
    private int rmqueueClaim(Zone zone, int order, int mt, int allocFlags) {
        trace.enter(PageAllocEvents.RMQUEUE_CLAIM, zone.index(), order, mt);
        int minOrder = order < PAGEBLOCK_ORDER && (allocFlags & ALLOC_NOFRAGMENT) != 0 ? PAGEBLOCK_ORDER : order;
        int pfn = NO_PAGE;
        for (int current = Zone.MAX_PAGE_ORDER; current >= minOrder; current--) {
            int fallback = findSuitableFallback(zone, current, mt, true);
            if (fallback == -1) {
                continue;
            }
            if (fallback == -2) {
                break;
            }
            pfn = tryToClaimBlock(zone, zone.freeListHead(current, fallback), current, order, mt, fallback, allocFlags);
            if (pfn != NO_PAGE) {
                trace.point(PageAllocEvents.PAGE_ALLOC_EXTFRAG, zone.index(), pfn, current, order, mt, fallback);
                break;
            }
        }
        trace.exit(pfn);
        return pfn;
    }

    /**
     * __rmqueue_steal: searching from the requested order up, takes the smallest single block of a
     * fallback migratetype, leaving its pageblock's type as it was.
     */
    private int rmqueueSteal(Zone zone, int order, int mt) {
        trace.enter(PageAllocEvents.RMQUEUE_STEAL, zone.index(), order, mt);
        int pfn = NO_PAGE;
        for (int current = order; current < Zone.NR_PAGE_ORDERS; current++) {
            int fallback = findSuitableFallback(zone, current, mt, false);
            if (fallback < 0) {
                continue;
            }
            pfn = zone.freeListHead(current, fallback);
            pageDelAndExpand(zone, pfn, order, current, fallback);
            trace.point(PageAllocEvents.PAGE_ALLOC_EXTFRAG, zone.index(), pfn, current, order, mt, fallback);
            break;
        }
        trace.exit(pfn);
        return pfn;
    }

    /**
     * try_to_claim_block: a block of a whole pageblock or more changes owner outright; a smaller
     * one boosts the watermark and claims its pageblock only when at least half of the pageblock
     * is free or compatible.
     */
    private int tryToClaimBlock(Zone zone, int pfn, int currentOrder, int order, int startType, int blockType,
            int allocFlags) {
        if (currentOrder >= PAGEBLOCK_ORDER) {
            delPageFromFreeList(zone, pfn, currentOrder, blockType);
            changePageblockRange(zone, pfn, currentOrder, startType);
            expand(zone, pfn, order, currentOrder, startType);
            return pfn;
        }
        if (boostWatermark(zone) && (allocFlags & ALLOC_KSWAPD) != 0) {
            zone.setFlag(Zone.ZONE_BOOSTED_WATERMARK, trace);
        }
        int start = pfn & ~(PAGEBLOCK_NR_PAGES - 1);
        if (!pageblockWithinZone(zone, start)) {
            return NO_PAGE;
        }
        long freePages = 0;
        long movablePages = 0;
        for (int p = start; p < start + PAGEBLOCK_NR_PAGES;) {
            if (mem.isBuddy(p)) {
                freePages += 1L << mem.buddyOrder(p);
                p += 1 << mem.buddyOrder(p);
                continue;
            }
            if (mem.test(p, PageFlag.PG_lru)) {
                movablePages++;
            }
            p++;
        }
        long alike;
        if (startType == MigrateType.MOVABLE.ordinal()) {
            alike = movablePages;
        } else if (blockType == MigrateType.MOVABLE.ordinal()) {
            alike = PAGEBLOCK_NR_PAGES - (freePages + movablePages);
        } else {
            alike = 0;
        }
        if (freePages + alike < PAGEBLOCK_NR_PAGES / 2 && !mobilityGroupingDisabled) {
            return NO_PAGE;
        }
        moveFreepagesBlock(zone, start, blockType, startType);
        return rmqueueSmallest(zone, order, startType);
    }

    /**
     * prep_move_freepages_block's zone check: never touch a pageblock that straddles the zone's
     * edge (the caller holds only this zone's lock).
     */
    static boolean pageblockWithinZone(Zone zone, int start) {
        return zone.spansPfn(start) && zone.spansPfn(start + PAGEBLOCK_NR_PAGES - 1L);
    }

    /**
     * move_freepages_block: every free block of the pageblock holding {@code pfn} changes list
     * (__move_freepages_block), then the pageblock changes type.
     *
     * @return pages moved, or -1 when the pageblock straddles the zone's edge (nothing changed)
     */
    int moveFreepagesBlock(Zone zone, int pfn, int oldType, int newType) {
        int start = pfn & ~(PAGEBLOCK_NR_PAGES - 1);
        if (!pageblockWithinZone(zone, start)) {
            return -1;
        }
        int moved = 0;
        for (int p = start; p < start + PAGEBLOCK_NR_PAGES;) {
            if (!mem.isBuddy(p)) {
                p++;
                continue;
            }
            int order = mem.buddyOrder(p);
            moveToFreeList(zone, p, order, oldType, newType);
            p += 1 << order;
            moved += 1 << order;
        }
        setPageblockMigratetype(zone, start, newType);
        return moved;
    }

    /** move_to_free_list: a free block changes list, to the tail of its new one. */
    void moveToFreeList(Zone zone, int pfn, int order, int oldType, int newType) {
        vmWarnMigratetype(pfn, oldType, "move_to_free_list");
        zone.unlinkFree(mem, pfn, order, oldType);
        zone.linkFree(mem, pfn, order, newType, true);
        zone.accountFreePages(-(1L << order), oldType);
        zone.accountFreePages(1L << order, newType);
        trace.point(PageAllocEvents.MOVE_TO_FREE_LIST, zone.index(), pfn, order, oldType, newType);
    }

    /** change_pageblock_range: every pageblock of a block of order &ge; pageblock_order changes type. */
    void changePageblockRange(Zone zone, int pfn, int order, int mt) {
        for (int p = pfn; p < pfn + (1 << order); p += PAGEBLOCK_NR_PAGES) {
            setPageblockMigratetype(zone, p, mt);
        }
    }

    /**
     * boost_watermark: a fragmenting fallback raises every watermark of the zone by a pageblock,
     * up to watermark_boost_factor of the high watermark, to make kswapd reclaim and compact.
     */
    private boolean boostWatermark(Zone zone) {
        if (watermarkBoostFactor == 0 || PAGEBLOCK_NR_PAGES * 4L > zone.managedPages()) {
            return false;
        }
        long maxBoost = ZoneWatermarks.multFrac(zone.rawWatermark(Watermark.HIGH), watermarkBoostFactor, 10000);
        if (maxBoost == 0) {
            return false;
        }
        maxBoost = Math.max(PAGEBLOCK_NR_PAGES, maxBoost);
        zone.setWatermarkBoost(Math.min(zone.watermarkBoost() + PAGEBLOCK_NR_PAGES, maxBoost));
        trace.point(PageAllocEvents.BOOST_WATERMARK, zone.index(), (int) zone.watermarkBoost());
        return true;
    }

    /** set_pageblock_migratetype: without mobility grouping, every pcp type is Unmovable. */
    void setPageblockMigratetype(Zone zone, int pfn, int requested) {
        int mt = mobilityGroupingDisabled && requested < MigrateType.PCPTYPES ? MigrateType.UNMOVABLE.ordinal()
                : requested;
        int old = mem.pageblockMigratetype(pfn);
        if (old != mt) {
            mem.setPageblockMigratetype(pfn, mt);
            trace.point(PageAllocEvents.SET_PAGEBLOCK_MIGRATETYPE, zone.index(), pfn & ~(PAGEBLOCK_NR_PAGES - 1), old, mt);
        }
    }

    /** __del_page_from_free_list: the block leaves its list and stops being PageBuddy. */
    void delPageFromFreeList(Zone zone, int pfn, int order, int mt) {
        vmWarnMigratetype(pfn, mt, "__del_page_from_free_list");
        zone.unlinkFree(mem, pfn, order, mt);
        mem.setPageType(pfn, PageType.NONE);
        mem.setPrivate(pfn, 0);
        zone.accountFreePages(-(1L << order), mt);
        trace.point(PageAllocEvents.DEL_PAGE_FROM_FREE_LIST, zone.index(), pfn, order, mt);
    }

    /** __add_to_free_list + set_buddy_order: the block becomes PageBuddy of this order on a list. */
    private void addToFreeList(Zone zone, int pfn, int order, int mt, boolean tail) {
        vmWarnMigratetype(pfn, mt, "__add_to_free_list");
        mem.setPageType(pfn, PageType.BUDDY.word());
        mem.setPrivate(pfn, order);
        zone.linkFree(mem, pfn, order, mt, tail);
        zone.accountFreePages(1L << order, mt);
        trace.point(PageAllocEvents.ADD_TO_FREE_LIST, zone.index(), pfn, order, mt, tail ? 1 : 0);
    }

    /**
     * The VM_WARN_ONCE of the free-list helpers: the migratetype a list operation names is the
     * block's pageblock's. A model bug if not, so it stops the run.
     */
    private void vmWarnMigratetype(int pfn, int mt, String function) {
        int block = mem.pageblockMigratetype(pfn);
        if (block != mt) {
            throw new IllegalStateException(function + ": page type is " + block + ", passed migratetype is " + mt
                    + " (pfn 0x" + Integer.toHexString(pfn) + ")");
        }
    }

    /**
     * free_one_page → split_large_buddy: blocks larger than a pageblock are freed a pageblock at a
     * time, each with its own pageblock's migratetype.
     */
    void freeOnePage(Zone zone, int pfn, int order, boolean toTail) {
        int chunk = Math.min(order, PAGEBLOCK_ORDER);
        for (int p = pfn; p < pfn + (1 << order); p += 1 << chunk) {
            freeOneBlock(zone, p, chunk, mem.pageblockMigratetype(p), toTail);
        }
    }

    /**
     * __free_one_page: merges the block with its buddy (pfn ^ 2^order) for as long as the buddy is
     * a free block of the same order in the same zone, then puts the result on a list — at the
     * tail when the next-larger merge looks likely (buddy_merge_likely).
     */
    void freeOneBlock(Zone zone, int pfn, int order, int mt, boolean toTail) {
        trace.enter(PageAllocEvents.FREE_ONE_PAGE, zone.index(), pfn, order, mt);
        while (order < Zone.MAX_PAGE_ORDER) {
            int buddy = findBuddyPagePfn(zone, pfn, order);
            if (buddy == NO_PAGE) {
                break;
            }
            int buddyMt = mt;
            if (order >= PAGEBLOCK_ORDER) {
                buddyMt = mem.pageblockMigratetype(buddy);
                if (buddyMt != mt && (!MigrateType.isMergeable(mt) || !MigrateType.isMergeable(buddyMt))) {
                    break;
                }
            }
            trace.enter(PageAllocEvents.BUDDY_MERGE, zone.index(), pfn, order, mt, buddy);
            delPageFromFreeList(zone, buddy, order, buddyMt);
            if (buddyMt != mt) {
                setPageblockMigratetype(zone, buddy, mt);
            }
            pfn &= buddy;
            order++;
            trace.exit(pfn);
        }
        boolean tail = toTail || buddyMergeLikely(zone, pfn, order);
        addToFreeList(zone, pfn, order, mt, tail);
        trace.exit(pfn);
    }

    /**
     * buddy_merge_likely: if the buddy of the block one order up is free, this block will probably
     * merge soon, so it goes to the tail where it is less likely to be allocated first.
     */
    private boolean buddyMergeLikely(Zone zone, int pfn, int order) {
        if (order >= Zone.MAX_PAGE_ORDER - 1) {
            return false;
        }
        int higher = pfn & ~(1 << order);
        return findBuddyPagePfn(zone, higher, order + 1) != NO_PAGE;
    }

    /** find_buddy_page_pfn + page_is_buddy: the buddy's pfn if it is a free block of this order in this zone. */
    private int findBuddyPagePfn(Zone zone, int pfn, int order) {
        int buddy = pfn ^ (1 << order);
        if (buddy >= mem.nrPages() || !zone.spansPfn(buddy) || !mem.isBuddy(buddy) || mem.buddyOrder(buddy) != order) {
            return NO_PAGE;
        }
        return buddy;
    }
}
