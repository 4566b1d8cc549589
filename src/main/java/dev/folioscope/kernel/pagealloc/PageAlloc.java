package dev.folioscope.kernel.pagealloc;

import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_CPUSET;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_HIGHATOMIC;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_KSWAPD;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_MIN_RESERVE;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NOFRAGMENT;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NON_BLOCK;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_NO_WATERMARKS;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_OOM;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_WMARK_HIGH;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_WMARK_LOW;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_WMARK_MASK;
import static dev.folioscope.kernel.pagealloc.AllocFlags.ALLOC_WMARK_MIN;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneStat;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.trace.AllocFailReason;
import dev.folioscope.kernel.trace.OomEvents.OomResult;
import dev.folioscope.kernel.trace.CompactionEvents.CompactPriority;
import dev.folioscope.kernel.trace.CompactionEvents.CompactResult;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/page_alloc.c: the zoned page allocator of Linux 6.18 — the zonelist walk with its watermark
 * checks, the per-CPU lists in front of the buddy lists ({@link PcpLists}, {@link Buddy}), the
 * high-atomic reserve ({@link HighAtomic}), and the slow path in the kernel's order.
 *
 * <p>Where the model stops short of the kernel (each also in the product's model notes): one node,
 * no CMA, no memory isolation; direct compaction does not capture the page it frees; where
 * the OOM killer finds no process to kill a real kernel would panic, and requests a real kernel
 * would retry forever (waiting for another task to free memory) fail.
 */
public final class PageAlloc {
    private static final int NO_PAGE = Buddy.NO_PAGE;
    /** MAX_RECLAIM_RETRIES: reclaim rounds without progress before the OOM killer is considered. */
    private static final int MAX_RECLAIM_RETRIES = PglistData.MAX_RECLAIM_RETRIES;

    private final MemMap mem;
    private final PglistData node;
    private final Trace trace;
    private final Reclaim reclaim;
    private final OutOfMemory oom;
    private final DirectCompact compact;
    private final boolean mobilityGroupingDisabled;
    private final Buddy buddy;
    private final PcpLists pcp;
    private final HighAtomic highAtomic;

    public PageAlloc(MemMap mem, PglistData node, Trace trace, Reclaim reclaim, OutOfMemory oom,
            DirectCompact compact, int watermarkBoostFactor) {
        this.mem = mem;
        this.node = node;
        this.trace = trace;
        this.reclaim = reclaim;
        this.oom = oom;
        this.compact = compact;
        this.mobilityGroupingDisabled = mobilityGroupingDisabled(node);
        this.buddy = new Buddy(mem, trace, watermarkBoostFactor, mobilityGroupingDisabled);
        this.pcp = new PcpLists(mem, node, trace, buddy);
        this.highAtomic = new HighAtomic(mem, node, trace, buddy);
    }

    /**
     * build_all_zonelists at boot: below five pageblocks (10 MiB) of pages a GFP_HIGHUSER_MOVABLE
     * request could use, grouping by mobility is off. It runs before memblock hands the pages to
     * the buddy allocator, when each zone's managed count is still its present count and no
     * watermark is set. Present pages never change, so a fork decides the same.
     */
    private static boolean mobilityGroupingDisabled(PglistData node) {
        long vmTotalPages = 0;
        for (Zone z : node.zones()) {
            if (z.index() <= Gfp.gfpZone(Gfp.GFP_HIGHUSER_MOVABLE)) {
                vmTotalPages += z.presentPages();
            }
        }
        return vmTotalPages < (long) MemMap.PAGEBLOCK_NR_PAGES * MigrateType.COUNT;
    }

    /**
     * page_group_by_mobility_disabled: every request is Unmovable and any fallback claims its
     * whole pageblock. The kernel's boot log says "mobility grouping off".
     */
    public boolean mobilityGroupingDisabled() {
        return mobilityGroupingDisabled;
    }

    /**
     * __alloc_pages: allocates 2^order contiguous pages on the running CPU.
     *
     * <p>Context: any CPU ({@link Trace#cpu()}); kswapd, when woken, runs after the caller's
     * operation returns.
     *
     * @return the pfn of the first page, or -1 when the allocation failed (the failure is a
     *     {@link dev.folioscope.kernel.trace.PageAllocEvents#WARN_ALLOC} event carrying the reason)
     * @throws IllegalArgumentException for a gfp mask the kernel would BUG on: conflicting zone
     *     modifiers, or both migratetype modifiers
     */
    public int allocPages(int gfp, int order) {
        if (Gfp.hasConflictingZoneModifiers(gfp) || Gfp.hasConflictingMigratetypes(gfp)) {
            throw new IllegalArgumentException("gfp " + Gfp.format(gfp) + " is a kernel BUG: conflicting modifiers");
        }
        int mt = mobilityGroupingDisabled ? MigrateType.UNMOVABLE.ordinal() : Gfp.gfpMigratetype(gfp);
        trace.enter(PageAllocEvents.ALLOC_PAGES, gfp, order, mt);
        int pfn = allocFrozenPages(gfp, order, mt);
        trace.exit(pfn);
        return pfn;
    }

    /** __alloc_frozen_pages_noprof: the fast path at the low watermark, then the slow path. */
    private int allocFrozenPages(int gfp, int order, int mt) {
        if (order > Zone.MAX_PAGE_ORDER) {
            return fail(AllocFailReason.ORDER_TOO_LARGE, order, mt, false);
        }
        int highest = Gfp.gfpZone(gfp);
        AllocContext ac = new AllocContext(gfp, order, highest, mt, firstZone(highest));
        int allocFlags = ALLOC_WMARK_LOW | allocFlagsNofragment(ac.preferredZone(), gfp);
        int pfn = getPageFromFreelist(ac, allocFlags);
        return pfn != NO_PAGE ? pfn : allocPagesSlowpath(ac);
    }

    /** first_zones_zonelist: the first zone of the zonelist at or below the highest index, or null. */
    private Zone firstZone(int highestZoneidx) {
        for (int i = 0; i < node.zonelistLength(); i++) {
            if (node.zonelistZone(i).index() <= highestZoneidx) {
                return node.zonelistZone(i);
            }
        }
        return null;
    }

    /**
     * alloc_flags_nofragment: with DMA32 configured, a request whose preferred zone is Normal first
     * refuses fallbacks that would fragment a pageblock.
     */
    private static int allocFlagsNofragment(Zone preferred, int gfp) {
        int flags = gfp & Gfp.__GFP_KSWAPD_RECLAIM;
        return preferred != null && preferred.type() == ZoneType.NORMAL ? flags | ALLOC_NOFRAGMENT : flags;
    }

    /**
     * gfp_to_alloc_flags: the slow path's flags, at the min watermark. Non-blocking callers may
     * dip further into the reserve; ALLOC_HIGHATOMIC goes with order &gt; 0 and __GFP_HIGH (6.18).
     */
    static int gfpToAllocFlags(int gfp, int order) {
        int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
        flags |= gfp & (Gfp.__GFP_HIGH | Gfp.__GFP_KSWAPD_RECLAIM);
        if ((gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0) {
            if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
                flags |= ALLOC_NON_BLOCK;
                if (order > 0 && (flags & ALLOC_MIN_RESERVE) != 0) {
                    flags |= ALLOC_HIGHATOMIC;
                }
            }
            if ((flags & ALLOC_MIN_RESERVE) != 0) {
                flags &= ~ALLOC_CPUSET;
            }
        }
        return flags;
    }

    /**
     * __gfp_pfmemalloc_flags: __GFP_MEMALLOC may ignore the watermarks; an OOM victim may use part
     * of the min reserve (oom_reserves_allowed: ALLOC_OOM). (The model has no PF_MEMALLOC task
     * allocating, the other way in.)
     */
    private int pfmemallocFlags(int gfp) {
        if ((gfp & Gfp.__GFP_NOMEMALLOC) != 0) {
            return 0;
        }
        if ((gfp & Gfp.__GFP_MEMALLOC) != 0) {
            return ALLOC_NO_WATERMARKS;
        }
        return oom.currentIsOomVictim() ? ALLOC_OOM : 0;
    }

    /**
     * __alloc_pages_slowpath, in the kernel's order: wake kswapd, retry at the min watermark; then
     * (retry:) wake kswapd again, take reserves if allowed, try again; direct reclaim; give up for
     * __GFP_NORETRY and costly orders; retry while reclaim might still help; the OOM killer.
     */
    private int allocPagesSlowpath(AllocContext ac) {
        trace.enter(PageAllocEvents.ALLOC_PAGES_SLOWPATH, ac.gfp(), ac.order(), ac.migratetype());
        int pfn = slowpath(ac);
        trace.exit(pfn);
        return pfn;
    }

    private int slowpath(AllocContext ac) {
        int gfp = ac.gfp();
        boolean canDirectReclaim = (gfp & Gfp.__GFP_DIRECT_RECLAIM) != 0;
        // gfp_compaction_allowed: compaction needs __GFP_IO
        boolean canCompact = (gfp & Gfp.__GFP_IO) != 0;
        boolean costlyOrder = ac.order() > PerCpuPages.PAGE_ALLOC_COSTLY_ORDER;
        int allocFlags = gfpToAllocFlags(gfp, ac.order());
        if (ac.preferredZone() == null) {
            return nopage(ac, AllocFailReason.NO_ZONE, allocFlags);
        }
        if ((allocFlags & ALLOC_KSWAPD) != 0) {
            wakeAllKswapds(ac);
        }
        int pfn = getPageFromFreelist(ac, allocFlags);
        if (pfn != NO_PAGE) {
            return pfn;
        }
        CompactPriority compactPriority = CompactPriority.SYNC_LIGHT; // DEF_COMPACT_PRIORITY
        if (canDirectReclaim && canCompact
                && (costlyOrder || (ac.order() > 0 && ac.migratetype() != MigrateType.MOVABLE.ordinal()))
                && pfmemallocFlags(gfp) != ALLOC_NO_WATERMARKS) {
            // costly or unmovable high-order requests try asynchronous compaction before reclaim
            Compacted compacted = directCompact(ac, allocFlags, CompactPriority.ASYNC);
            if (compacted.pfn() != NO_PAGE) {
                return compacted.pfn();
            }
            if (costlyOrder && (gfp & Gfp.__GFP_NORETRY) != 0) {
                if (compacted.result() == CompactResult.SKIPPED || compacted.result() == CompactResult.DEFERRED) {
                    return nopage(ac, AllocFailReason.NORETRY, allocFlags);
                }
                compactPriority = CompactPriority.ASYNC; // INIT_COMPACT_PRIORITY
            }
        }
        int noProgressLoops = 0;
        int compactionRetries = 0;
        while (true) {
            // retry:
            if ((allocFlags & ALLOC_KSWAPD) != 0) {
                wakeAllKswapds(ac);
            }
            int reserveFlags = pfmemallocFlags(gfp);
            if (reserveFlags != 0) {
                allocFlags = reserveFlags | (allocFlags & ALLOC_KSWAPD);
            }
            pfn = getPageFromFreelist(ac, allocFlags);
            if (pfn != NO_PAGE) {
                return pfn;
            }
            if (!canDirectReclaim) {
                return nopage(ac, AllocFailReason.NO_DIRECT_RECLAIM, allocFlags);
            }
            DirectReclaim reclaimed = directReclaim(ac, allocFlags);
            if (reclaimed.pfn() != NO_PAGE) {
                return reclaimed.pfn();
            }
            Compacted compacted = directCompact(ac, allocFlags, compactPriority);
            if (compacted.pfn() != NO_PAGE) {
                return compacted.pfn();
            }
            long progress = reclaimed.progress();
            if ((gfp & Gfp.__GFP_NORETRY) != 0) {
                return nopage(ac, AllocFailReason.NORETRY, allocFlags);
            }
            if (costlyOrder && (!canCompact || (gfp & Gfp.__GFP_RETRY_MAYFAIL) == 0)) {
                return nopage(ac, AllocFailReason.COSTLY_ORDER, allocFlags);
            }
            noProgressLoops = progress > 0 ? 0 : noProgressLoops + 1;
            if (shouldReclaimRetry(ac, allocFlags, noProgressLoops)) {
                continue;
            }
            if (progress > 0 && canCompact) {
                CompactRetry retry = shouldCompactRetry(ac.order(), compacted.result(), compactPriority,
                        compactionRetries);
                compactPriority = retry.priority();
                compactionRetries = retry.retries();
                if (retry.retry()) {
                    continue;
                }
            }
            MayOom mayOom = allocPagesMayOom(ac);
            if (mayOom.pfn() != NO_PAGE) {
                return mayOom.pfn();
            }
            // an OOM victim that could not allocate even from the reserve gives up, and dies
            if (oom.currentIsOomVictim() && ((allocFlags & ALLOC_OOM) != 0 || (gfp & Gfp.__GFP_NOMEMALLOC) != 0)) {
                return nopage(ac, AllocFailReason.OOM_VICTIM, allocFlags);
            }
            if (!mayOom.killed()) {
                return nopage(ac, mayOom.reason(), allocFlags);
            }
            noProgressLoops = 0;
        }
    }

    /** What __alloc_pages_direct_compact gives back: the page, or NO_PAGE, and compaction's result. */
    private record Compacted(int pfn, CompactResult result) {
    }

    /**
     * __alloc_pages_direct_compact: compaction by the allocating task (order 0 never compacts),
     * then the allocation tried again; compact_stall, then compact_success (with the zone's
     * deferral reset) or compact_fail. Compaction skipped counts neither.
     */
    private Compacted directCompact(AllocContext ac, int allocFlags, CompactPriority prio) {
        // mm/page_alloc.c: __alloc_pages_direct_compact
        if (ac.order() == 0) {
            return new Compacted(NO_PAGE, CompactResult.SKIPPED);
        }
        CompactResult result = compact.tryToCompactPages(ac.gfp(), ac.order(), allocFlags, ac.highestZoneidx(), prio);
        if (result == CompactResult.SKIPPED) {
            return new Compacted(NO_PAGE, result);
        }
        node.countVmEvents(VmEvent.COMPACTSTALL, 1);
        int pfn = getPageFromFreelist(ac, allocFlags);
        if (pfn != NO_PAGE) {
            node.countVmEvents(VmEvent.COMPACTSUCCESS, 1);
            compact.deferReset(node.zoneOfPfn(pfn), ac.order(), true);
        } else {
            // the counter's change is reported by the slow path's next event
            node.countVmEvents(VmEvent.COMPACTFAIL, 1);
        }
        return new Compacted(pfn, result);
    }

    /** should_compact_retry's verdict, with the priority and retry count it leaves. */
    private record CompactRetry(boolean retry, CompactPriority priority, int retries) {
    }

    /** MAX_COMPACT_RETRIES. */
    private static final int MAX_COMPACT_RETRIES = 16;

    /**
     * should_compact_retry: after a success the allocation lost a race, so retry up to
     * MAX_COMPACT_RETRIES times (a quarter for costly orders); otherwise raise the priority
     * (towards COMPACT_PRIO_SYNC_FULL, or SYNC_LIGHT for costly orders) while it can be raised.
     * A compaction skipped for lack of free pages is retried only while reclaim may help, which
     * the caller's progress already says.
     */
    private CompactRetry shouldCompactRetry(int order, CompactResult result, CompactPriority prio, int retries) {
        if (order == 0) {
            return new CompactRetry(false, prio, retries);
        }
        if (result == CompactResult.SKIPPED) {
            return new CompactRetry(true, prio, retries);
        }
        if (result == CompactResult.SUCCESS) {
            int max = order > PerCpuPages.PAGE_ALLOC_COSTLY_ORDER ? MAX_COMPACT_RETRIES / 4 : MAX_COMPACT_RETRIES;
            if (retries + 1 <= max) {
                return new CompactRetry(true, prio, retries + 1);
            }
            retries++;
        }
        CompactPriority min = order > PerCpuPages.PAGE_ALLOC_COSTLY_ORDER ? CompactPriority.SYNC_LIGHT
                : CompactPriority.SYNC_FULL;
        if (prio.ordinal() > min.ordinal()) {
            return new CompactRetry(true, CompactPriority.values()[prio.ordinal() - 1], 0);
        }
        return new CompactRetry(false, prio, retries);
    }

    /**
     * The nopage: label: a __GFP_NOFAIL request that may reclaim tries once more with part of the
     * min reserve (__alloc_pages_cpuset_fallback), which the kernel would repeat forever; anything
     * else fails with a warning.
     */
    private int nopage(AllocContext ac, AllocFailReason reason, int allocFlags) {
        if ((ac.gfp() & Gfp.__GFP_NOFAIL) != 0 && (ac.gfp() & Gfp.__GFP_DIRECT_RECLAIM) != 0) {
            int pfn = allocPagesCpusetFallback(ac, ALLOC_MIN_RESERVE);
            if (pfn != NO_PAGE) {
                return pfn;
            }
            reason = AllocFailReason.RETRY_FOREVER;
        }
        return fail(reason, ac.order(), ac.migratetype(), fragmented(ac, allocFlags));
    }

    /** warn_alloc: the allocation fails; the event says why. */
    private int fail(AllocFailReason reason, int order, int mt, boolean fragmented) {
        trace.point(PageAllocEvents.WARN_ALLOC, order, mt, reason.ordinal(), fragmented ? 1 : 0);
        return NO_PAGE;
    }

    /** Whether an allowed zone had enough free pages above its watermark but no block of the order. */
    private boolean fragmented(AllocContext ac, int allocFlags) {
        for (int i = 0; i < node.zonelistLength(); i++) {
            Zone z = node.zonelistZone(i);
            Watermark mark = Watermark.of(allocFlags & ALLOC_WMARK_MASK);
            if (z.index() <= ac.highestZoneidx()
                    && ZoneWatermarks.zoneWatermarkOk(z, 0, z.watermark(mark), ac.highestZoneidx(), allocFlags,
                            z.freePages() - ((1L << ac.order()) - 1))
                    && !ZoneWatermarks.hasFreeBlock(z, ac.order(), allocFlags)) {
                return true;
            }
        }
        return false;
    }

    /** wake_all_kswapds: one wakeup per node, for its first zone with managed pages. */
    private void wakeAllKswapds(AllocContext ac) {
        for (int i = 0; i < node.zonelistLength(); i++) {
            Zone z = node.zonelistZone(i);
            if (z.index() <= ac.highestZoneidx() && z.managedPages() > 0) {
                reclaim.wakeupKswapd(z, ac.gfp(), ac.order(), ac.highestZoneidx());
                return;
            }
        }
    }

    /** What __alloc_pages_direct_reclaim gives back: the page, or NO_PAGE, and the pages reclaimed. */
    private record DirectReclaim(int pfn, long progress) {
    }

    /**
     * __alloc_pages_direct_reclaim: reclaim by the allocating task (try_to_free_pages). Only after
     * progress does it retry the allocation, then release a high-atomic pageblock (unforced) and
     * drain the per-CPU lists and retry once more.
     */
    private DirectReclaim directReclaim(AllocContext ac, int allocFlags) {
        // mm/page_alloc.c: __alloc_pages_direct_reclaim
        long progress = reclaim.tryToFreePages(ac.gfp(), ac.order(), ac.highestZoneidx());
        if (progress == 0) {
            return new DirectReclaim(NO_PAGE, 0);
        }
        int pfn = getPageFromFreelist(ac, allocFlags);
        if (pfn == NO_PAGE) {
            highAtomic.unreserve(ac, false);
            pcp.drainAllPages();
            pfn = getPageFromFreelist(ac, allocFlags);
        }
        return new DirectReclaim(pfn, progress);
    }

    /**
     * should_reclaim_retry: keep reclaiming while some allowed zone would pass its min watermark if
     * every reclaimable page were freed, for at most MAX_RECLAIM_RETRIES rounds without progress;
     * before giving up, release a high-atomic pageblock.
     */
    private boolean shouldReclaimRetry(AllocContext ac, int allocFlags, int noProgressLoops) {
        trace.enter(PageAllocEvents.SHOULD_RECLAIM_RETRY, ac.order(), ac.migratetype(), noProgressLoops);
        boolean retry = false;
        if (noProgressLoops <= MAX_RECLAIM_RETRIES) {
            for (int i = 0; i < node.zonelistLength() && !retry; i++) {
                Zone z = node.zonelistZone(i);
                // would the allocation succeed if every reclaimable folio of the zone were freed?
                retry = z.index() <= ac.highestZoneidx() && ZoneWatermarks.zoneWatermarkOk(z, ac.order(),
                        z.watermark(Watermark.MIN), ac.highestZoneidx(), allocFlags,
                        reclaim.zoneReclaimablePages(z) + z.freePages());
            }
        }
        if (!retry) {
            retry = highAtomic.unreserve(ac, true);
        }
        trace.exit(retry ? 1 : 0);
        return retry;
    }

    /**
     * __alloc_pages_cpuset_fallback: first within the cpuset, then (the model has no cpusets, so
     * to the same effect) ignoring it.
     */
    private int allocPagesCpusetFallback(AllocContext ac, int allocFlags) {
        int pfn = getPageFromFreelist(ac, allocFlags | ALLOC_CPUSET);
        return pfn != NO_PAGE ? pfn : getPageFromFreelist(ac, allocFlags);
    }

    /**
     * What __alloc_pages_may_oom got: a page, or whether a victim was killed (did_some_progress:
     * the slow path retries), or else why the allocation fails.
     */
    private record MayOom(int pfn, boolean killed, AllocFailReason reason) {
    }

    /**
     * __alloc_pages_may_oom: one more try at the high watermark, then out_of_memory unless this
     * request may not kill. After a kill the slow path retries (did_some_progress). Where the
     * kernel would retry without anyone having freed memory — no __GFP_FS, so the OOM killer
     * stands aside; an earlier victim not yet gone — nothing else runs in the model, so the
     * allocation fails; where there is no killable process a real kernel panics, the model fails
     * the allocation too. __GFP_NOFAIL takes a page ignoring the watermarks in every case.
     */
    private MayOom allocPagesMayOom(AllocContext ac) {
        int gfp = ac.gfp();
        trace.enter(PageAllocEvents.ALLOC_PAGES_MAY_OOM, gfp, ac.order(), ac.migratetype());
        AllocContext highTry = new AllocContext((gfp | Gfp.__GFP_HARDWALL) & ~Gfp.__GFP_DIRECT_RECLAIM, ac.order(),
                ac.highestZoneidx(), ac.migratetype(), ac.preferredZone());
        int pfn = getPageFromFreelist(highTry, ALLOC_WMARK_HIGH | ALLOC_CPUSET);
        AllocFailReason reason = AllocFailReason.OOM_SKIPPED;
        boolean killed = false;
        boolean mayKill = ac.order() <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER
                && (gfp & (Gfp.__GFP_RETRY_MAYFAIL | Gfp.__GFP_THISNODE)) == 0
                && ac.highestZoneidx() >= ZoneType.NORMAL.ordinal();
        if (pfn == NO_PAGE && mayKill) {
            OomResult r = oom.outOfMemory(gfp, ac.order(), ac.migratetype());
            killed = r == OomResult.KILLED;
            reason = r == OomResult.NO_KILLABLE ? AllocFailReason.NO_KILLABLE_PROCESS : AllocFailReason.RETRY_FOREVER;
            if ((gfp & Gfp.__GFP_NOFAIL) != 0) {
                pfn = allocPagesCpusetFallback(ac, ALLOC_NO_WATERMARKS);
            }
        }
        trace.exit(pfn);
        return new MayOom(pfn, killed, reason);
    }

    /**
     * get_page_from_freelist: walks the zonelist from the preferred zone down, taking the first
     * zone whose watermark check passes; retries without ALLOC_NOFRAGMENT before giving up.
     */
    private int getPageFromFreelist(AllocContext ac, int allocFlags) {
        trace.enter(PageAllocEvents.GET_PAGE_FROM_FREELIST, ac.order(), ac.migratetype(), allocFlags);
        int pfn = NO_PAGE;
        while (true) {
            for (int i = 0; i < node.zonelistLength() && pfn == NO_PAGE; i++) {
                Zone zone = node.zonelistZone(i);
                if (zone.index() > ac.highestZoneidx() || !zoneAllows(zone, ac, allocFlags)) {
                    continue;
                }
                pfn = rmqueue(ac, zone, allocFlags);
                if (pfn != NO_PAGE) {
                    prepNewPage(zone, pfn, ac.order(), ac.gfp());
                    if ((allocFlags & ALLOC_HIGHATOMIC) != 0) {
                        highAtomic.reserve(pfn, ac.order(), zone);
                    }
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
     * The watermark part of get_page_from_freelist: a zone not marked ZONE_BELOW_HIGH is taken at
     * once if it passes its high watermark (otherwise it gets the mark); then the requested
     * watermark decides, unless the request ignores watermarks.
     */
    private boolean zoneAllows(Zone zone, AllocContext ac, int allocFlags) {
        if (!zone.testFlag(Zone.ZONE_BELOW_HIGH)) {
            if (zoneWatermarkFast(zone, ac.order(), Watermark.HIGH, ac.highestZoneidx(), allocFlags)) {
                return true;
            }
            zone.setFlag(Zone.ZONE_BELOW_HIGH, trace);
        }
        Watermark mark = Watermark.of(allocFlags & ALLOC_WMARK_MASK);
        return zoneWatermarkFast(zone, ac.order(), mark, ac.highestZoneidx(), allocFlags)
                || (allocFlags & ALLOC_NO_WATERMARKS) != 0;
    }

    /**
     * zone_watermark_fast, reported as one event: the order-0 shortcut, the full check, and for
     * __GFP_HIGH order-0 requests at the min watermark a second check against the unboosted min.
     */
    private boolean zoneWatermarkFast(Zone z, int order, Watermark w, int highestZoneidx, int allocFlags) {
        long mark = z.watermark(w);
        long free = z.freePages();
        boolean ok = false;
        if (order == 0) {
            long usable = free - Math.min(free, ZoneWatermarks.unusableFree(z, 0, allocFlags));
            ok = usable > mark + z.lowmemReserve(highestZoneidx);
        }
        ok = ok || ZoneWatermarks.zoneWatermarkOk(z, order, mark, highestZoneidx, allocFlags, free);
        if (!ok && order == 0 && (allocFlags & ALLOC_MIN_RESERVE) != 0 && z.watermarkBoost() != 0
                && (allocFlags & ALLOC_WMARK_MASK) == ALLOC_WMARK_MIN) {
            ok = ZoneWatermarks.zoneWatermarkOk(z, order, z.rawWatermark(Watermark.MIN), highestZoneidx, allocFlags,
                    free);
        }
        trace.point(PageAllocEvents.ZONE_WATERMARK_OK, z.index(), order, w.ordinal(), ok ? 1 : 0);
        return ok;
    }

    /**
     * rmqueue: orders the per-CPU lists cache come from the running CPU's list, the rest (or when
     * that fails) from the buddy lists; a zone whose watermarks were boosted then wakes kswapd.
     */
    private int rmqueue(AllocContext ac, Zone zone, int allocFlags) {
        int order = ac.order();
        trace.enter(PageAllocEvents.RMQUEUE, zone.index(), order, ac.migratetype(), allocFlags);
        int pfn = NO_PAGE;
        if (PerCpuPages.allowedOrder(order)) {
            pfn = pcp.rmqueuePcplist(zone, order, ac.migratetype(), allocFlags, trace.cpu());
        }
        if (pfn == NO_PAGE) {
            pfn = rmqueueBuddy(zone, order, allocFlags, ac.migratetype());
        }
        if ((allocFlags & ALLOC_KSWAPD) != 0 && zone.testFlag(Zone.ZONE_BOOSTED_WATERMARK)) {
            zone.clearFlag(Zone.ZONE_BOOSTED_WATERMARK, trace);
            reclaim.wakeupKswapd(zone, 0, 0, zone.index());
        }
        trace.exit(pfn);
        return pfn;
    }

    /**
     * rmqueue_buddy: a high-order atomic request first tries the high-atomic reserve; failing the
     * normal lists, OOM victims and non-blocking requests may take from it too.
     */
    private int rmqueueBuddy(Zone zone, int order, int allocFlags, int mt) {
        int pfn = NO_PAGE;
        if ((allocFlags & ALLOC_HIGHATOMIC) != 0) {
            pfn = buddy.rmqueueSmallest(zone, order, MigrateType.HIGHATOMIC.ordinal());
        }
        if (pfn == NO_PAGE) {
            pfn = buddy.rmqueue(zone, order, mt, allocFlags, new Buddy.RmqueueMode());
            if (pfn == NO_PAGE && (allocFlags & (ALLOC_OOM | ALLOC_NON_BLOCK)) != 0) {
                pfn = buddy.rmqueueSmallest(zone, order, MigrateType.HIGHATOMIC.ordinal());
            }
        }
        if (pfn != NO_PAGE) {
            zone.countNumaHit();
            node.countVmEvents(VmEvent.forZone(VmEvent.PGALLOC_DMA, zone.index()), 1L << order); // rmqueue_buddy
        }
        return pfn;
    }

    /**
     * prep_new_page → post_alloc_hook: the block's first page gets its reference and a clear
     * private; __GFP_COMP makes it a compound head (tail pages' compound_head links are not modelled).
     */
    private void prepNewPage(Zone zone, int pfn, int order, int gfp) {
        mem.setRefcount(pfn, 1);
        mem.setPrivate(pfn, 0);
        if ((gfp & Gfp.__GFP_COMP) != 0 && order > 0) {
            mem.setFlag(pfn, PageFlag.PG_head);
        }
        trace.point(PageAllocEvents.PREP_NEW_PAGE, zone.index(), pfn, order, mem.pageblockMigratetype(pfn), gfp);
    }

    /**
     * __isolate_free_page (for compaction's free scanner): takes a free block off its list if the
     * zone stays above its min watermark by the block's size; a block of at least half a pageblock
     * makes its pageblocks Movable (unless Isolate or HighAtomic).
     *
     * @return whether the block was taken
     */
    public boolean isolateFreePage(int pfn, int order) {
        Zone zone = node.zoneOfPfn(pfn);
        int mt = mem.pageblockMigratetype(pfn);
        long watermark = zone.watermark(Watermark.MIN) + (1L << order);
        if (!ZoneWatermarks.zoneWatermarkOk(zone, 0, watermark, 0, AllocFlags.ALLOC_CMA, zone.freePages())) {
            return false;
        }
        buddy.delPageFromFreeList(zone, pfn, order, mt);
        if (order >= MemMap.PAGEBLOCK_ORDER - 1 && mt != MigrateType.ISOLATE.ordinal()
                && mt != MigrateType.HIGHATOMIC.ordinal()) {
            for (int pb = pfn; pb < pfn + (1 << order); pb += MemMap.PAGEBLOCK_NR_PAGES) {
                buddy.setPageblockMigratetype(zone, pb, MigrateType.MOVABLE.ordinal());
            }
        }
        trace.point(dev.folioscope.kernel.trace.CompactionEvents.ISOLATE_FREE_PAGE, zone.index(), pfn, order, mt);
        return true;
    }

    /**
     * The free-list test of __compact_finished: a free block of at least {@code order} on the
     * {@code mt} list, or on one it may fall back to and claim (find_suitable_fallback).
     */
    public boolean hasFreeBlockForCompaction(Zone zone, int order, int mt) {
        for (int o = order; o < Zone.NR_PAGE_ORDERS; o++) {
            if (zone.freeListHead(o, mt) != MemMap.NO_PFN || buddy.findSuitableFallback(zone, o, mt, true) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * __free_pages: drops the reference a caller of {@link #allocPages} holds on a block of this
     * order; at zero the block goes to the running CPU's list if that list caches its order, else
     * straight back to the buddy lists (free_frozen_pages).
     *
     * @throws IllegalStateException if the block is not allocated (a double or bad free)
     */
    public void freePages(int pfn, int order) {
        Zone zone = node.zoneOfPfn(pfn);
        if (zone == null || mem.refcount(pfn) != 1 || mem.isBuddy(pfn)) {
            throw new IllegalStateException("bad free of pfn 0x" + Integer.toHexString(pfn) + " order " + order
                    + ": refcount " + (zone == null ? "?" : mem.refcount(pfn)));
        }
        trace.enter(PageAllocEvents.FREE_PAGES, zone.index(), pfn, order, mem.pageblockMigratetype(pfn));
        freeFrozen(zone, pfn, order);
        trace.exit(pfn);
    }

    /**
     * free_frozen_pages: frees a block whose last reference is already gone, as __folio_put does
     * once a folio's refcount reaches zero.
     */
    public void freeFrozenPages(int pfn, int order) {
        freeFrozen(node.zoneOfPfn(pfn), pfn, order);
    }

    private void freeFrozen(Zone zone, int pfn, int order) {
        freePagesPrepare(zone, pfn, order);
        int mt = mem.pageblockMigratetype(pfn);
        if (!PerCpuPages.allowedOrder(order) || mt == MigrateType.ISOLATE.ordinal()) {
            // __free_pages_ok / free_one_page: the buddy lists directly.
            node.countVmEvents(VmEvent.PGFREE, 1L << order); // free_one_page
            buddy.freeOnePage(zone, pfn, order, false);
        } else {
            // HighAtomic (and CMA) blocks are cached on the Movable list.
            pcp.freeFrozenPageCommit(zone, pfn, mt < MigrateType.PCPTYPES ? mt : MigrateType.MOVABLE.ordinal(),
                    order, trace.cpu());
        }
    }

    /**
     * free_pages_prepare: the reference goes, and so do the page flags (PAGE_FLAGS_CHECK_AT_PREP),
     * the mapping and the mapcount an allocated page may carry.
     */
    private void freePagesPrepare(Zone zone, int pfn, int order) {
        if (mem.test(pfn, PageFlag.PG_mlocked)) {
            // mm/page_alloc.c: free_pages_prepare. The model does not munlock at unmap
            // (munlock_vma_folio), so a folio of an mlocked VMA leaves NR_MLOCK here when freed.
            zone.modStat(ZoneStat.NR_MLOCK, -1);
        }
        mem.setRefcount(pfn, 0);
        mem.clearFlags(pfn, ~PageFlag.PG_hwpoison.mask());
        mem.setMapping(pfn, 0);
        mem.setMapcount(pfn, 0);
        trace.point(PageAllocEvents.FREE_PAGES_PREPARE, zone.index(), pfn, order, mem.pageblockMigratetype(pfn));
    }

    /**
     * __free_pages_core at boot (memblock_free_all): hands a reserved range of 2^order pages to
     * the buddy allocator, past the per-CPU lists, at the tail of the lists (FPI_TO_TAIL).
     */
    public void freePagesCore(int pfn, int order) {
        Zone zone = node.zoneOfPfn(pfn);
        for (int p = pfn; p < pfn + (1 << order); p++) {
            mem.clearFlag(p, PageFlag.PG_reserved);
            mem.setRefcount(p, 0);
        }
        node.countVmEvents(VmEvent.PGFREE, 1L << order); // __free_pages_ok → free_one_page
        buddy.freeOnePage(zone, pfn, order, true);
    }

    /**
     * drain_all_pages(NULL): empties every CPU's per-CPU lists into the buddy lists.
     *
     * @return pages returned
     */
    public int drainAllPages() {
        return pcp.drainAllPages();
    }

    /**
     * drain_local_pages(zone): empties the running CPU's pageset of {@code zone}.
     *
     * @return pages returned
     */
    public int drainLocalPages(Zone zone) {
        return pcp.drainLocalPages(zone);
    }

    /**
     * decay_pcp_high for one CPU's pageset of a populated zone (the vmstat worker's part).
     *
     * @return work still to do (see {@link PcpLists#decayPcpHigh})
     */
    public int decayPcpHigh(Zone zone, int cpu) {
        return pcp.decayPcpHigh(zone, cpu);
    }
}
