package dev.folioscope.kernel.pagealloc;

import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_HIGHATOMIC;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_KSWAPD;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_MIN_RESERVE;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NOFRAGMENT;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NO_WATERMARKS;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NON_BLOCK;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_OOM;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_RESERVES;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_WMARK_MASK;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_WMARK_MIN;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.page.PageType;
import dev.folioscope.kernel.trace.AllocFailReason;
import dev.folioscope.kernel.trace.EventKind;
import dev.folioscope.kernel.trace.Tracer;

/**
 * mm/page_alloc.c: the zoned buddy allocator — zonelist walk with watermark checks, buddy
 * splitting and merging, and migratetype fallback as in Linux 6.18.
 *
 * <p>Simplifications, each visible in the product's "model notes": no per-cpu pagesets (every
 * order goes through rmqueue_buddy), no high-atomic reserve pageblocks, no CMA, one node, and a
 * slow path that stops after the reserve attempt because reclaim, compaction and the OOM killer
 * are not modelled yet. NR_FREE_PAGES moves with each list change instead of once per operation,
 * so that it equals the sum over free_area after every event.
 */
public final class PageAlloc {
    /**
     * fallbacks[]: the migratetypes to steal from when a type's own lists are empty, in the order
     * tried.
     */
    private static final int[][] FALLBACKS = {
        {MigrateType.RECLAIMABLE.ordinal(), MigrateType.MOVABLE.ordinal()},
        {MigrateType.RECLAIMABLE.ordinal(), MigrateType.UNMOVABLE.ordinal()},
        {MigrateType.UNMOVABLE.ordinal(), MigrateType.MOVABLE.ordinal()},
    };
    private static final int NO_PAGE = -1;
    private static final int PAGEBLOCK_ORDER = MemMap.PAGEBLOCK_ORDER;

    private final MemMap mem;
    private final PglistData node;
    private final int watermarkBoostFactor;
    private final boolean mobilityGroupingDisabled;
    private Tracer trace = Tracer.NONE;

    public PageAlloc(MemMap mem, PglistData node, int watermarkBoostFactor) {
        this.mem = mem;
        this.node = node;
        this.watermarkBoostFactor = watermarkBoostFactor;
        this.mobilityGroupingDisabled = vmTotalPages(node) < (long) MemMap.PAGEBLOCK_NR_PAGES * MigrateType.COUNT;
    }

    /**
     * build_all_zonelists: vm_total_pages, the pages a GFP_HIGHUSER_MOVABLE request could use (at
     * boot, before the watermarks exist, simply the managed pages).
     */
    private static long vmTotalPages(PglistData node) {
        return node.zones().stream().filter(z -> z.index() <= ZoneType.MOVABLE.ordinal())
                .mapToLong(Zone::managedPages).sum();
    }

    /**
     * page_group_by_mobility_disabled: a machine with fewer pages than five pageblocks (10 MiB)
     * does not group by mobility; every request is Unmovable and any fallback claims its whole
     * pageblock. The kernel's boot log says "mobility grouping off".
     */
    public boolean mobilityGroupingDisabled() {
        return mobilityGroupingDisabled;
    }

    public void setTracer(Tracer trace) {
        this.trace = trace;
    }

    /** The parameters of one allocation (struct alloc_context). */
    private record AllocContext(int gfp, int order, int highestZoneidx, int migratetype, Zone preferredZone) {
    }

    /**
     * __alloc_pages: allocates 2^order contiguous pages.
     *
     * @return the pfn of the first page, or -1 when the allocation failed (the failure is a
     *     {@link EventKind#WARN_ALLOC} event carrying the reason)
     * @throws IllegalArgumentException for a gfp mask with conflicting zone modifiers, a kernel BUG
     */
    public int allocPages(int gfp, int order) {
        if (Gfp.hasConflictingZoneModifiers(gfp)) {
            throw new IllegalArgumentException("gfp " + Gfp.format(gfp) + " has conflicting zone modifiers");
        }
        int mt = mobilityGroupingDisabled ? MigrateType.UNMOVABLE.ordinal() : Gfp.gfpMigratetype(gfp);
        trace.enter(EventKind.ALLOC_PAGES, -1, -1, order, mt, gfp);
        int pfn = allocPagesNoprof(gfp, order, mt);
        trace.exit(pfn);
        return pfn;
    }

    private int allocPagesNoprof(int gfp, int order, int mt) {
        if (order > Zone.MAX_PAGE_ORDER) {
            return fail(AllocFailReason.ORDER_TOO_LARGE, -1, order, mt);
        }
        int highest = Gfp.gfpZone(gfp);
        Zone preferred = node.zonelist().stream().filter(z -> z.index() <= highest).findFirst().orElse(null);
        if (preferred == null) {
            return fail(AllocFailReason.NO_ZONE, -1, order, mt);
        }
        AllocContext ac = new AllocContext(gfp, order, highest, mt, preferred);
        int allocFlags = AllocFlags.ALLOC_WMARK_LOW | allocFlagsNofragment(preferred, gfp);
        int pfn = getPageFromFreelist(ac, allocFlags);
        return pfn != NO_PAGE ? pfn : allocPagesSlowpath(ac);
    }

    /**
     * alloc_flags_nofragment: with DMA32 configured, a request whose preferred zone is Normal first
     * refuses fallbacks that would fragment a pageblock.
     */
    private static int allocFlagsNofragment(Zone preferred, int gfp) {
        int flags = gfp & Gfp.__GFP_KSWAPD_RECLAIM;
        return preferred.type() == ZoneType.NORMAL ? flags | ALLOC_NOFRAGMENT : flags;
    }

    /** gfp_to_alloc_flags: the slow path's flags, with the min watermark. */
    private static int gfpToAllocFlags(int gfp, int order) {
        int flags = ALLOC_WMARK_MIN | AllocFlags.ALLOC_CPUSET;
        flags |= gfp & (Gfp.__GFP_HIGH | Gfp.__GFP_KSWAPD_RECLAIM);
        if ((gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0) {
            if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
                flags |= ALLOC_NON_BLOCK;
                if (order > 0) {
                    flags |= ALLOC_HIGHATOMIC;
                }
            }
            if ((flags & ALLOC_MIN_RESERVE) != 0) {
                flags &= ~AllocFlags.ALLOC_CPUSET;
            }
        }
        return flags;
    }

    /**
     * __alloc_pages_slowpath up to the point this model reaches: wake kswapd, retry at the min
     * watermark, retry with __GFP_MEMALLOC's reserves; then fail, where the kernel would reclaim,
     * compact and OOM-kill.
     */
    private int allocPagesSlowpath(AllocContext ac) {
        trace.enter(EventKind.ALLOC_PAGES_SLOWPATH, -1, -1, ac.order, ac.migratetype, ac.gfp);
        int allocFlags = gfpToAllocFlags(ac.gfp, ac.order);
        if ((allocFlags & ALLOC_KSWAPD) != 0) {
            // wake_all_kswapds: one wakeup per node, for its first allowed zone.
            trace.point(EventKind.WAKEUP_KSWAPD, ac.preferredZone.index(), -1, ac.order, -1, -1, -1);
        }
        int pfn = getPageFromFreelist(ac, allocFlags);
        if (pfn == NO_PAGE && (ac.gfp & Gfp.__GFP_MEMALLOC) != 0 && (ac.gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
            // __gfp_pfmemalloc_flags: __GFP_MEMALLOC may ignore the watermarks entirely.
            pfn = getPageFromFreelist(ac, ALLOC_NO_WATERMARKS | (allocFlags & ALLOC_KSWAPD));
        }
        if (pfn == NO_PAGE) {
            fail(diagnose(ac, allocFlags), -1, ac.order, ac.migratetype);
        }
        trace.exit(pfn);
        return pfn;
    }

    private int fail(AllocFailReason reason, int zone, int order, int mt) {
        trace.point(EventKind.WARN_ALLOC, zone, -1, order, mt, reason.ordinal(), NO_PAGE);
        return NO_PAGE;
    }

    /** Tells a watermark refusal from fragmentation, for the failure event. */
    private AllocFailReason diagnose(AllocContext ac, int allocFlags) {
        for (Zone z : node.zonelist()) {
            if (z.index() <= ac.highestZoneidx
                    && z.freePages() - ((1L << ac.order) - 1) > z.watermark(Watermark.of(allocFlags & ALLOC_WMARK_MASK)) + z.lowmemReserve(ac.highestZoneidx)
                    && !hasFreeBlock(z, ac.order, allocFlags)) {
                return AllocFailReason.NO_SUITABLE_BLOCK;
            }
        }
        return AllocFailReason.BELOW_WATERMARK;
    }

    /**
     * get_page_from_freelist: walks the zonelist from the preferred zone down, taking the first
     * zone whose watermark check passes; retries without ALLOC_NOFRAGMENT before giving up.
     */
    private int getPageFromFreelist(AllocContext ac, int allocFlags) {
        trace.enter(EventKind.GET_PAGE_FROM_FREELIST, -1, -1, ac.order, ac.migratetype, allocFlags);
        int pfn = NO_PAGE;
        while (true) {
            for (Zone zone : node.zonelist()) {
                if (zone.index() > ac.highestZoneidx) {
                    continue;
                }
                if (!zoneAllows(zone, ac, allocFlags)) {
                    continue;
                }
                pfn = rmqueue(zone, ac, allocFlags);
                if (pfn != NO_PAGE) {
                    prepNewPage(zone, pfn, ac.order, ac.gfp);
                    break;
                }
            }
            if (pfn != NO_PAGE || (allocFlags & ALLOC_NOFRAGMENT) == 0) {
                break;
            }
            allocFlags &= ~ALLOC_NOFRAGMENT;
        }
        trace.exit(pfn);
        return pfn;
    }

    /**
     * The watermark part of get_page_from_freelist: a zone above its high watermark is taken at
     * once (otherwise it is marked ZONE_BELOW_HIGH); then the requested watermark decides.
     */
    private boolean zoneAllows(Zone zone, AllocContext ac, int allocFlags) {
        if (!zone.testFlag(Zone.ZONE_BELOW_HIGH)) {
            if (zoneWatermarkFast(zone, ac.order, Watermark.HIGH, ac.highestZoneidx, allocFlags)) {
                return true;
            }
            zone.setFlag(Zone.ZONE_BELOW_HIGH);
        }
        Watermark mark = Watermark.of(allocFlags & ALLOC_WMARK_MASK);
        return zoneWatermarkFast(zone, ac.order, mark, ac.highestZoneidx, allocFlags)
                || (allocFlags & ALLOC_NO_WATERMARKS) != 0;
    }

    /**
     * zone_watermark_fast, reported as one event: the order-0 shortcut, the full check, and the
     * unboosted-min retry for __GFP_HIGH.
     */
    private boolean zoneWatermarkFast(Zone z, int order, Watermark w, int highestZoneidx, int allocFlags) {
        long mark = z.watermark(w);
        long free = z.freePages();
        boolean ok = false;
        if (order == 0) {
            long usable = free - Math.min(free, unusableFree(0));
            ok = usable > mark + z.lowmemReserve(highestZoneidx);
        }
        ok = ok || zoneWatermarkOk(z, order, mark, highestZoneidx, allocFlags, free);
        if (!ok && order == 0 && (allocFlags & ALLOC_MIN_RESERVE) != 0 && z.watermarkBoost() != 0 && w == Watermark.MIN) {
            ok = zoneWatermarkOk(z, order, z.rawWatermark(Watermark.MIN), highestZoneidx, allocFlags, free);
        }
        trace.point(EventKind.ZONE_WATERMARK_OK, z.index(), -1, order, -1, w.ordinal(), ok ? 1 : 0);
        return ok;
    }

    /**
     * __zone_watermark_unusable_free: pages this request may not count as free. High-atomic
     * reserves and CMA are not modelled, so that is only the tail of the block it asks for.
     */
    private static long unusableFree(int order) {
        return (1L << order) - 1;
    }

    /**
     * __zone_watermark_ok: enough free pages above the mark plus the lowmem reserve towards the
     * request's highest zone, and for order > 0 a free block of at least that order.
     */
    private boolean zoneWatermarkOk(Zone z, int order, long mark, int highestZoneidx, int allocFlags, long free) {
        long min = mark;
        free -= unusableFree(order);
        if ((allocFlags & ALLOC_RESERVES) != 0) {
            if ((allocFlags & ALLOC_MIN_RESERVE) != 0) {
                min -= min / 2;
                if ((allocFlags & ALLOC_NON_BLOCK) != 0) {
                    min -= min / 4;
                }
            }
            if ((allocFlags & ALLOC_OOM) != 0) {
                min -= min / 2;
            }
        }
        if (free <= min + z.lowmemReserve(highestZoneidx)) {
            return false;
        }
        return order == 0 || hasFreeBlock(z, order, allocFlags);
    }

    private boolean hasFreeBlock(Zone z, int order, int allocFlags) {
        for (int o = order; o < Zone.NR_PAGE_ORDERS; o++) {
            if (z.nrFree(o) == 0) {
                continue;
            }
            for (int mt = 0; mt < MigrateType.PCPTYPES; mt++) {
                if (z.freeListHead(o, mt) != MemMap.NO_PFN) {
                    return true;
                }
            }
            if ((allocFlags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) != 0
                    && z.freeListHead(o, MigrateType.HIGHATOMIC.ordinal()) != MemMap.NO_PFN) {
                return true;
            }
        }
        return false;
    }

    /**
     * rmqueue → rmqueue_buddy: takes the block from the zone's free lists; a boosted zone then
     * wakes kswapd.
     */
    private int rmqueue(Zone zone, AllocContext ac, int allocFlags) {
        trace.enter(EventKind.RMQUEUE, zone.index(), -1, ac.order, ac.migratetype, allocFlags);
        int pfn = NO_PAGE;
        if ((allocFlags & ALLOC_HIGHATOMIC) != 0) {
            pfn = rmqueueSmallest(zone, ac.order, MigrateType.HIGHATOMIC.ordinal());
        }
        if (pfn == NO_PAGE) {
            pfn = rmqueueFromLists(zone, ac.order, ac.migratetype, allocFlags);
            if (pfn == NO_PAGE && (allocFlags & (ALLOC_OOM | ALLOC_NON_BLOCK)) != 0) {
                pfn = rmqueueSmallest(zone, ac.order, MigrateType.HIGHATOMIC.ordinal());
            }
        }
        if ((allocFlags & ALLOC_KSWAPD) != 0 && zone.testFlag(Zone.ZONE_BOOSTED_WATERMARK)) {
            zone.clearFlag(Zone.ZONE_BOOSTED_WATERMARK);
            trace.point(EventKind.WAKEUP_KSWAPD, zone.index(), -1, 0, -1, -1, -1);
        }
        trace.exit(pfn);
        return pfn;
    }

    /**
     * __rmqueue: the requested migratetype's own lists first, then fallbacks in rising order of
     * fragmentation risk — claiming a whole pageblock, then stealing a single block (never under
     * ALLOC_NOFRAGMENT).
     */
    private int rmqueueFromLists(Zone zone, int order, int mt, int allocFlags) {
        int pfn = rmqueueSmallest(zone, order, mt);
        if (pfn == NO_PAGE) {
            pfn = rmqueueClaim(zone, order, mt, allocFlags);
        }
        if (pfn == NO_PAGE && (allocFlags & ALLOC_NOFRAGMENT) == 0) {
            pfn = rmqueueSteal(zone, order, mt);
        }
        return pfn;
    }

    /**
     * __rmqueue_smallest: the first block on the smallest non-empty list of this migratetype at or
     * above the order, split down to the order.
     */
    private int rmqueueSmallest(Zone zone, int order, int mt) {
        trace.enter(EventKind.RMQUEUE_SMALLEST, zone.index(), -1, order, mt, -1);
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
        trace.enter(EventKind.EXPAND, zone.index(), pfn, low, mt, high);
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
    private int findSuitableFallback(Zone zone, int order, int mt, boolean claimable) {
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
        trace.enter(EventKind.RMQUEUE_CLAIM, zone.index(), -1, order, mt, -1);
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
                trace.point(EventKind.PAGE_ALLOC_EXTFRAG, zone.index(), pfn, current, mt, fallback, order);
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
        trace.enter(EventKind.RMQUEUE_STEAL, zone.index(), -1, order, mt, -1);
        int pfn = NO_PAGE;
        for (int current = order; current < Zone.NR_PAGE_ORDERS; current++) {
            int fallback = findSuitableFallback(zone, current, mt, false);
            if (fallback < 0) {
                continue;
            }
            pfn = zone.freeListHead(current, fallback);
            pageDelAndExpand(zone, pfn, order, current, fallback);
            trace.point(EventKind.PAGE_ALLOC_EXTFRAG, zone.index(), pfn, current, mt, fallback, order);
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
            for (int p = pfn; p < pfn + (1 << currentOrder); p += MemMap.PAGEBLOCK_NR_PAGES) {
                setPageblockMigratetype(zone, p, startType);
            }
            expand(zone, pfn, order, currentOrder, startType);
            return pfn;
        }
        if (boostWatermark(zone) && (allocFlags & ALLOC_KSWAPD) != 0) {
            zone.setFlag(Zone.ZONE_BOOSTED_WATERMARK);
        }
        int start = pfn & ~(MemMap.PAGEBLOCK_NR_PAGES - 1);
        int end = start + MemMap.PAGEBLOCK_NR_PAGES;
        // prep_move_freepages_block: never touch a pageblock that straddles the zone's edge.
        if (!zone.spansPfn(start) || !zone.spansPfn(end - 1)) {
            return NO_PAGE;
        }
        long freePages = 0;
        long movablePages = 0;
        for (int p = start; p < end;) {
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
            alike = MemMap.PAGEBLOCK_NR_PAGES - (freePages + movablePages);
        } else {
            alike = 0;
        }
        if (freePages + alike < MemMap.PAGEBLOCK_NR_PAGES / 2 && !mobilityGroupingDisabled) {
            return NO_PAGE;
        }
        moveFreepagesBlock(zone, start, blockType, startType);
        setPageblockMigratetype(zone, start, startType);
        return rmqueueSmallest(zone, order, startType);
    }

    /** __move_freepages_block: every free block of the pageblock changes list. */
    private void moveFreepagesBlock(Zone zone, int start, int oldType, int newType) {
        for (int p = start; p < start + MemMap.PAGEBLOCK_NR_PAGES;) {
            if (!mem.isBuddy(p)) {
                p++;
                continue;
            }
            int order = mem.buddyOrder(p);
            zone.unlinkFree(mem, p, order, oldType);
            zone.linkFree(mem, p, order, newType, true);
            trace.point(EventKind.MOVE_TO_FREE_LIST, zone.index(), p, order, newType, oldType, -1);
            p += 1 << order;
        }
    }

    /**
     * boost_watermark: a fragmenting fallback raises every watermark of the zone by a pageblock,
     * up to watermark_boost_factor of the high watermark, to make kswapd reclaim and compact.
     */
    private boolean boostWatermark(Zone zone) {
        if (watermarkBoostFactor == 0 || MemMap.PAGEBLOCK_NR_PAGES * 4L > zone.managedPages()) {
            return false;
        }
        long maxBoost = ZoneWatermarks.multFrac(zone.rawWatermark(Watermark.HIGH), watermarkBoostFactor, 10000);
        if (maxBoost == 0) {
            return false;
        }
        maxBoost = Math.max(MemMap.PAGEBLOCK_NR_PAGES, maxBoost);
        zone.setWatermarkBoost(Math.min(zone.watermarkBoost() + MemMap.PAGEBLOCK_NR_PAGES, maxBoost));
        trace.point(EventKind.BOOST_WATERMARK, zone.index(), -1, -1, -1, (int) zone.watermarkBoost(), -1);
        return true;
    }

    /** set_pageblock_migratetype: without mobility grouping, every pcp type is Unmovable. */
    private void setPageblockMigratetype(Zone zone, int pfn, int requested) {
        int mt = mobilityGroupingDisabled && requested < MigrateType.PCPTYPES ? MigrateType.UNMOVABLE.ordinal()
                : requested;
        int old = mem.pageblockMigratetype(pfn);
        if (old != mt) {
            mem.setPageblockMigratetype(pfn, mt);
            trace.point(EventKind.SET_PAGEBLOCK_MIGRATETYPE, zone.index(), pfn & ~(MemMap.PAGEBLOCK_NR_PAGES - 1),
                    MemMap.PAGEBLOCK_ORDER, mt, old, -1);
        }
    }

    /**
     * prep_new_page → post_alloc_hook: the block's first page gets its reference; __GFP_COMP makes
     * it a compound head (tail pages' compound_head links are not modelled).
     */
    private void prepNewPage(Zone zone, int pfn, int order, int gfp) {
        mem.setRefcount(pfn, 1);
        zone.countNumaHit(1L << order);
        if ((gfp & Gfp.__GFP_COMP) != 0 && order > 0) {
            mem.setFlag(pfn, PageFlag.PG_head);
        }
        trace.point(EventKind.PREP_NEW_PAGE, zone.index(), pfn, order, mem.pageblockMigratetype(pfn), gfp, -1);
    }

    /** __del_page_from_free_list: the block leaves its list and stops being PageBuddy. */
    private void delPageFromFreeList(Zone zone, int pfn, int order, int mt) {
        zone.unlinkFree(mem, pfn, order, mt);
        mem.setPageType(pfn, PageType.NONE);
        mem.setPrivate(pfn, 0);
        zone.accountFreePages(-(1L << order));
        trace.point(EventKind.DEL_PAGE_FROM_FREE_LIST, zone.index(), pfn, order, mt, -1, -1);
    }

    /** __add_to_free_list + set_buddy_order: the block becomes PageBuddy of this order on a list. */
    private void addToFreeList(Zone zone, int pfn, int order, int mt, boolean tail) {
        mem.setPageType(pfn, PageType.BUDDY.word());
        mem.setPrivate(pfn, order);
        zone.linkFree(mem, pfn, order, mt, tail);
        zone.accountFreePages(1L << order);
        trace.point(EventKind.ADD_TO_FREE_LIST, zone.index(), pfn, order, mt, tail ? 1 : 0, -1);
    }

    /**
     * __free_pages: drops the reference a caller of {@link #allocPages} holds on a block of this
     * order; at zero the block returns to the buddy lists.
     *
     * @throws IllegalStateException if the block is not allocated (a double or bad free)
     */
    public void freePages(int pfn, int order) {
        Zone zone = node.zoneOfPfn(pfn);
        if (zone == null || mem.refcount(pfn) != 1 || mem.isBuddy(pfn)) {
            throw new IllegalStateException("bad free of pfn 0x" + Integer.toHexString(pfn) + " order " + order
                    + ": refcount " + (zone == null ? "?" : mem.refcount(pfn)));
        }
        trace.enter(EventKind.FREE_PAGES, zone.index(), pfn, order, mem.pageblockMigratetype(pfn), -1);
        freePagesPrepare(zone, pfn, order);
        int merged = freeOneBlock(zone, pfn, order, false);
        if (zone.testFlag(Zone.ZONE_BELOW_HIGH)
                && zoneWatermarkFast(zone, 0, Watermark.HIGH, ZoneType.MOVABLE.ordinal(), 0)) {
            // free_unref_page_commit: a zone back above its high watermark leaves ZONE_BELOW_HIGH.
            zone.clearFlag(Zone.ZONE_BELOW_HIGH);
        }
        trace.exit(merged);
    }

    /** free_pages_prepare: the reference goes, and so do the flags an allocated page may carry. */
    private void freePagesPrepare(Zone zone, int pfn, int order) {
        mem.setRefcount(pfn, 0);
        mem.clearFlag(pfn, PageFlag.PG_head);
        trace.point(EventKind.FREE_PAGES_PREPARE, zone.index(), pfn, order, mem.pageblockMigratetype(pfn), -1, -1);
    }

    /**
     * __free_pages_core at boot (memblock_free_all): hands a reserved range of 2^order pages to
     * the buddy allocator, at the tail of the lists (FPI_TO_TAIL).
     */
    public void freePagesCore(int pfn, int order) {
        Zone zone = node.zoneOfPfn(pfn);
        for (int p = pfn; p < pfn + (1 << order); p++) {
            mem.clearFlag(p, PageFlag.PG_reserved);
            mem.setRefcount(p, 0);
        }
        freeOneBlock(zone, pfn, order, true);
    }

    /**
     * free_one_page → split_large_buddy: blocks larger than a pageblock are freed a pageblock at a
     * time, each with its own pageblock's migratetype.
     *
     * @return the pfn of the (last) merged block
     */
    private int freeOneBlock(Zone zone, int pfn, int order, boolean toTail) {
        int chunk = Math.min(order, PAGEBLOCK_ORDER);
        int merged = pfn;
        for (int p = pfn; p < pfn + (1 << order); p += 1 << chunk) {
            merged = freeOnePage(zone, p, chunk, mem.pageblockMigratetype(p), toTail);
        }
        return merged;
    }

    /**
     * __free_one_page: merges the block with its buddy (pfn ^ 2^order) for as long as the buddy is
     * a free block of the same order in the same zone, then puts the result on a list — at the
     * tail when the next-larger merge looks likely (buddy_merge_likely).
     */
    private int freeOnePage(Zone zone, int pfn, int order, int mt, boolean toTail) {
        trace.enter(EventKind.FREE_ONE_PAGE, zone.index(), pfn, order, mt, -1);
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
            trace.enter(EventKind.BUDDY_MERGE, zone.index(), pfn, order, mt, buddy);
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
        return pfn;
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
