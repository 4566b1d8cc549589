package dev.folioscope.kernel.compaction;

import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.pagealloc.AllocFlags;
import dev.folioscope.kernel.pagealloc.DirectCompact;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.pagealloc.ZoneWatermarks;
import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.rmap.FolioRmap;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.swap.SwapState;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.CompactionEvents.CompactPriority;
import dev.folioscope.kernel.trace.CompactionEvents.CompactResult;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/compaction.c: direct compaction of Linux 6.18 — whether a zone is worth compacting
 * (compaction_suitable with the fragmentation index), its deferral after failures, and
 * compact_zone driving the two scanners ({@link Scanners}) and migration ({@link Migrate}) until
 * a free block of the order appears or the scanners meet. Anonymous folios, those in the swap
 * cache and page-cache folios (of ext4 files and shmem objects, mapped or not) are migrated.
 *
 * <p>Where the model stops short (also in the model notes): every run scans the whole zone from
 * both ends (no cached scanner positions, no pageblock skip bits, no fast_find_migrateblock or
 * fast_isolate_freepages); the allocation is not captured inside compaction but taken from the
 * free lists afterwards; unevictable folios are not migrated (as with
 * compact_unevictable_allowed 0); kcompactd runs when woken (at the next scheduling point, after
 * kswapd) and when its timed wait runs out, which only idle time makes pass ({@link #kcompactdWait}).
 */
public final class Compaction implements DirectCompact {
    static final int COMPACT_MAX_DEFER_SHIFT = 6;
    /** COMPACTION_HPAGE_ORDER (HPAGE_PMD_ORDER): the order the fragmentation score is measured for. */
    static final int COMPACTION_HPAGE_ORDER = 9;
    /** is_via_compact_memory: the order of a compaction that wants no particular block. */
    static final int ORDER_ANY = -1;

    private final MemMap mem;
    private final PglistData node;
    private final PageAlloc pageAlloc;
    private final Swap swap;
    private final Migrate migrate;
    private final Trace trace;
    /** vm.compaction_proactiveness. */
    private final int proactiveness;
    /** vm.extfrag_threshold. */
    private final int extfragThreshold;

    public Compaction(MemMap mem, PglistData node, PageAlloc pageAlloc, Swap swap, FolioRmap rmap, Filemap filemap,
            SwapState swapState, Trace trace, int proactiveness, int extfragThreshold) {
        this.mem = mem;
        this.node = node;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.migrate = new Migrate(mem, rmap, filemap, swapState, swap, trace);
        this.trace = trace;
        this.proactiveness = proactiveness;
        this.extfragThreshold = extfragThreshold;
    }

    /**
     * try_to_compact_pages: each zone of the zonelist in turn, unless deferred (only the highest
     * priority ignores deferral), until one succeeds; a zone that failed synchronously is deferred.
     */
    @Override
    public CompactResult tryToCompactPages(int gfp, int order, int allocFlags, int highestZoneidx,
            CompactPriority prio) {
        trace.enter(CompactionEvents.TRY_TO_COMPACT_PAGES, gfp, order, prio.ordinal());
        CompactResult rc = CompactResult.SKIPPED;
        for (int i = 0; i < node.zonelistLength(); i++) {
            Zone zone = node.zonelistZone(i);
            if (zone.index() > highestZoneidx) {
                continue;
            }
            if (prio != CompactPriority.SYNC_FULL && compactionDeferred(zone, order)) {
                rc = max(rc, CompactResult.DEFERRED);
                continue;
            }
            CompactResult status = compactZone(zone, order, gfp, allocFlags, highestZoneidx,
                    prio != CompactPriority.ASYNC, false, new ScanCounts());
            rc = max(rc, status);
            if (status == CompactResult.SUCCESS) {
                deferReset(zone, order, false);
                break;
            }
            if (prio != CompactPriority.ASYNC
                    && (status == CompactResult.COMPLETE || status == CompactResult.PARTIAL_SKIPPED)) {
                deferCompaction(zone, order);
            }
        }
        trace.exit(rc.ordinal());
        return rc;
    }

    private static CompactResult max(CompactResult a, CompactResult b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /**
     * compact_zone: the scanners from the zone's two ends until compact_finished says stop. A
     * compaction for {@link #ORDER_ANY} is not checked against the zone's watermarks first.
     */
    CompactResult compactZone(Zone zone, int order, int gfp, int allocFlags, int highestZoneidx, boolean sync,
            boolean proactive, ScanCounts counts) {
        CompactResult ret;
        if (order != ORDER_ANY) {
            ret = suitAllocationOrder(zone, order, highestZoneidx, allocFlags, !sync);
            if (ret != CompactResult.CONTINUE) {
                return ret;
            }
        }
        Scanners cc = new Scanners(mem, node, zone, order, gfp, sync, pageAlloc, trace);
        trace.enter(CompactionEvents.COMPACT_ZONE, zone.index(), order, cc.migratePfn(), cc.freePfn(), sync ? 1 : 0);
        swap.lruAddDrain();
        int lastMigratedPfn = 0;
        while ((ret = compactFinished(cc, proactive)) == CompactResult.CONTINUE) {
            int[] isolated = cc.isolateMigratepages();
            if (isolated.length == 0) {
                lastMigratedPfn = checkDrain(cc, lastMigratedPfn);
                continue;
            }
            lastMigratedPfn = Math.max(zone.zoneStartPfn(), (cc.migratePfn() - 1) & -MemMap.PAGEBLOCK_NR_PAGES);
            Migrate.Result r = migrate.migratePages(isolated, cc);
            node.countVmEvents(VmEvent.PGMIGRATE_SUCCESS, r.succeeded());
            node.countVmEvents(VmEvent.PGMIGRATE_FAIL, r.failed());
            trace.point(CompactionEvents.MIGRATEPAGES, isolated.length, r.succeeded());
            cc.putback(r.putback(), swap);
            if (r.enomem() && !cc.scannersMet()) {
                // -ENOMEM: no free page left above the migrate scanner
                ret = CompactResult.CONTENDED;
                break;
            }
            // (after another failure the kernel rescans the rest of the pageblock, finish_pageblock, to
            // mark it skipped; the model has no skip bits)
            lastMigratedPfn = checkDrain(cc, lastMigratedPfn);
        }
        cc.releaseFreeList();
        node.countVmEvents(VmEvent.COMPACTMIGRATE_SCANNED, cc.totalMigrateScanned());
        node.countVmEvents(VmEvent.COMPACTFREE_SCANNED, cc.totalFreeScanned());
        counts.migrate = cc.totalMigrateScanned();
        counts.free = cc.totalFreeScanned();
        trace.exit(ret.ordinal());
        return ret;
    }

    /**
     * wakeup_kcompactd: the node's request grows to this order and shrinks to this zone index; the
     * thread is woken only if some zone up to it is worth compacting (kcompactd_node_suitable).
     */
    public void wakeupKcompactd(int order, int highestZoneidx) {
        if (order == 0) {
            return;
        }
        int maxOrder = Math.max(node.kcompactdMaxOrder(), order);
        int highest = Math.min(node.kcompactdHighestZoneidx(), highestZoneidx);
        boolean suitable = false;
        for (int i = 0; i <= highest && !suitable; i++) {
            Zone z = node.zone(i);
            suitable = z.isPopulated() && suitAllocationOrder(z, maxOrder, highest, AllocFlags.ALLOC_WMARK_MIN, false)
                    == CompactResult.CONTINUE;
        }
        node.setKcompactd(maxOrder, highest, node.kcompactdWoken() || suitable);
        // the kernel traces only a wakeup; the model reports the request it notes either way
        trace.point(CompactionEvents.WAKEUP_KCOMPACTD, highestZoneidx, order, suitable ? 1 : 0);
    }

    /**
     * kcompactd, when woken: it does its work, and its timed wait starts over.
     *
     * <p>Context: a scheduling point, after kswapd. Does nothing unless kcompactd was woken.
     */
    public void runKcompactd() {
        if (!node.kcompactdWoken()) {
            return;
        }
        kcompactdDoWork();
        restartWait(PglistData.HPAGE_FRAG_CHECK_INTERVAL_MSEC);
    }

    /**
     * kcompactd's timed wait while {@code ms} of idle time pass (at most its check interval). When
     * the wait runs out, a request noted by a wakeup that found no zone worth it
     * (kcompactd_work_requested) is worked on now; otherwise proactive compaction checks the
     * node's fragmentation score, and compacts the node if it is above the high mark. A run that
     * did not lower the score defers the next check 64 times the interval. With
     * vm.compaction_proactiveness 0 the wait has no timeout, and nothing happens.
     *
     * <p>Context: idle time; kswapd sleeps unless it was woken and has not run.
     */
    public void kcompactdWait(int ms) {
        // mm/compaction.c: kcompactd
        if (proactiveness == 0) {
            return;
        }
        int left = node.kcompactdTimeoutMs() - ms;
        if (left > 0) {
            restartWait(left);
            return;
        }
        if (node.kcompactdMaxOrder() > 0) {
            kcompactdDoWork();
            restartWait(PglistData.HPAGE_FRAG_CHECK_INTERVAL_MSEC);
            return;
        }
        int timeout = PglistData.HPAGE_FRAG_CHECK_INTERVAL_MSEC;
        int prevScore = fragmentationScoreNode();
        boolean kswapdRunning = !node.kswapdSleeping();
        int wmarkHigh = fragmentationScoreWmark(false);
        // mm/compaction.c: should_proactive_compact_node
        boolean compact = !kswapdRunning && prevScore > wmarkHigh;
        trace.point(CompactionEvents.SHOULD_PROACTIVE_COMPACT, prevScore, wmarkHigh, kswapdRunning ? 1 : 0,
                compact ? 1 : 0);
        if (compact) {
            int score = compactNode(prevScore);
            if (score >= prevScore) {
                timeout <<= COMPACT_MAX_DEFER_SHIFT;
            }
        }
        restartWait(timeout);
    }

    private void restartWait(int ms) {
        if (proactiveness != 0) {
            node.setKcompactdTimeoutMs(ms);
            trace.point(CompactionEvents.KCOMPACTD_SLEEP, ms);
        }
    }

    /**
     * compact_node, proactive: every populated zone is compacted synchronously (MIGRATE_SYNC_LIGHT),
     * as a whole, for no particular order, until compact_finished finds its score low enough.
     *
     * @return the node's fragmentation score afterwards
     */
    private int compactNode(int score) {
        trace.enter(CompactionEvents.COMPACT_NODE, score, fragmentationScoreWmark(true));
        for (Zone zone : node.zones()) {
            if (!zone.isPopulated()) {
                continue;
            }
            ScanCounts counts = new ScanCounts();
            compactZone(zone, ORDER_ANY, Gfp.GFP_KERNEL, 0, 0, true, true, counts);
            node.countVmEvents(VmEvent.KCOMPACTD_MIGRATE_SCANNED, counts.migrate);
            node.countVmEvents(VmEvent.KCOMPACTD_FREE_SCANNED, counts.free);
        }
        int after = fragmentationScoreNode();
        trace.exit(after);
        return after;
    }

    /**
     * fragmentation_score_node: each populated zone's score weighted by its share of the node's
     * present pages, so that small zones barely count.
     */
    private int fragmentationScoreNode() {
        long nodePresent = 0;
        for (Zone z : node.zones()) {
            nodePresent += z.presentPages();
        }
        long score = 0;
        for (Zone z : node.zones()) {
            if (z.isPopulated()) {
                // mm/compaction.c: fragmentation_score_zone_weighted
                score += z.presentPages() * extfragForOrder(z, COMPACTION_HPAGE_ORDER) / (nodePresent + 1);
            }
        }
        return (int) score;
    }

    /** fragmentation_score_wmark: the low mark is 100 - proactiveness, the high mark up to 10 above it. */
    private int fragmentationScoreWmark(boolean low) {
        int wmarkLow = 100 - proactiveness;
        return low ? wmarkLow : Math.min(wmarkLow + Math.min(10, wmarkLow / 2), 100);
    }

    /**
     * kcompactd_do_work: each populated zone up to the request's index, from the lowest, unless
     * deferred or not worth it, is compacted synchronously for the request's order as a GFP_KERNEL
     * allocation would be; a zone that failed is drained and deferred. The request is then cleared.
     */
    private void kcompactdDoWork() {
        int order = node.kcompactdMaxOrder();
        int highest = node.kcompactdHighestZoneidx();
        node.setKcompactd(order, highest, false);
        trace.enter(CompactionEvents.KCOMPACTD, order, highest);
        node.countVmEvents(VmEvent.KCOMPACTD_WAKE, 1);
        int compacted = 0;
        for (int i = 0; i <= highest; i++) {
            Zone zone = node.zone(i);
            if (!zone.isPopulated() || compactionDeferred(zone, order)
                    || suitAllocationOrder(zone, order, i, AllocFlags.ALLOC_WMARK_MIN, false) != CompactResult.CONTINUE) {
                continue;
            }
            ScanCounts counts = new ScanCounts();
            CompactResult status = compactZone(zone, order, Gfp.GFP_KERNEL, AllocFlags.ALLOC_WMARK_MIN, i, true, false,
                    counts);
            compacted++;
            if (status == CompactResult.SUCCESS) {
                deferReset(zone, order, false);
            } else if (status == CompactResult.PARTIAL_SKIPPED || status == CompactResult.COMPLETE) {
                pageAlloc.drainAllPages();
                deferCompaction(zone, order);
            }
            node.countVmEvents(VmEvent.KCOMPACTD_MIGRATE_SCANNED, counts.migrate);
            node.countVmEvents(VmEvent.KCOMPACTD_FREE_SCANNED, counts.free);
        }
        // regardless of success, done until woken again
        node.setKcompactd(0, node.zones().size() - 1, false);
        trace.exit(compacted);
    }

    /** The scanners' totals of one compact_zone run, for kcompactd's own counters. */
    static final class ScanCounts {
        long migrate;
        long free;
    }

    /**
     * compact_zone's check_drain: once the migrate scanner has left the order-aligned block it last
     * migrated from, the running CPU's LRU batches and pageset are drained
     * (lru_add_drain_cpu_zone), so that the pages freed by migration reach the buddy lists and merge.
     *
     * @return the new last_migrated_pfn
     */
    private int checkDrain(Scanners cc, int lastMigratedPfn) {
        if (cc.order() > 0 && lastMigratedPfn != 0 && lastMigratedPfn < (cc.migratePfn() & -(1 << cc.order()))) {
            swap.lruAddDrain();
            pageAlloc.drainLocalPages(cc.zone());
            return 0;
        }
        return lastMigratedPfn;
    }

    /**
     * compaction_suit_allocation_order: done already if the allocation would pass its watermark;
     * for a costly asynchronous request, skipped without compact_gap's room above it; then
     * compaction_suitable.
     */
    private CompactResult suitAllocationOrder(Zone zone, int order, int highestZoneidx, int allocFlags,
            boolean async) {
        long watermark = zone.watermark(Watermark.of(allocFlags & AllocFlags.ALLOC_WMARK_MASK));
        if (ZoneWatermarks.zoneWatermarkOk(zone, order, watermark, highestZoneidx, allocFlags, zone.freePages())) {
            return CompactResult.SUCCESS;
        }
        if (order > PerCpuPages.PAGE_ALLOC_COSTLY_ORDER && async
                && !ZoneWatermarks.zoneWatermarkOk(zone, 0, watermark + compactGap(order), highestZoneidx, 0,
                        zone.freePages())) {
            return CompactResult.SKIPPED;
        }
        return compactionSuitable(zone, order, watermark, highestZoneidx) ? CompactResult.CONTINUE
                : CompactResult.SKIPPED;
    }

    /** compact_gap: twice the request, room for the pages being migrated and their targets. */
    static long compactGap(int order) {
        return 2L << order;
    }

    /**
     * compaction_suitable: __compaction_suitable's order-0 check at the watermark plus
     * compact_gap (plus the low-min difference for costly orders), then for costly orders the
     * fragmentation index, which must be above vm.extfrag_threshold (or -1000).
     */
    boolean compactionSuitable(Zone zone, int order, long watermark, int highestZoneidx) {
        long mark = watermark + compactGap(order);
        if (order > PerCpuPages.PAGE_ALLOC_COSTLY_ORDER) {
            mark += zone.watermark(Watermark.LOW) - zone.watermark(Watermark.MIN);
        }
        boolean suitable = ZoneWatermarks.zoneWatermarkOk(zone, 0, mark, highestZoneidx, AllocFlags.ALLOC_CMA,
                zone.freePages());
        CompactResult r = suitable ? CompactResult.CONTINUE : CompactResult.SKIPPED;
        int fragindex = 0;
        if (suitable && order > PerCpuPages.PAGE_ALLOC_COSTLY_ORDER) {
            fragindex = fragmentationIndex(zone, order);
            if (fragindex >= 0 && fragindex <= extfragThreshold) {
                suitable = false;
                r = CompactResult.NOT_SUITABLE_ZONE;
            }
        }
        trace.point(CompactionEvents.COMPACTION_SUITABLE, zone.index(), order, fragindex, extfragThreshold,
                r.ordinal());
        return suitable;
    }

    /**
     * mm/vmstat.c: fragmentation_index — -1000 when a free block of the order exists; otherwise
     * 1000 - (1000 + free_pages × 1000 / 2^order) / free_blocks_total: near 0 the request fails
     * for lack of memory, near 1000 for fragmentation (0 with no free block at all).
     */
    static int fragmentationIndex(Zone zone, int order) {
        ContigPageInfo info = ContigPageInfo.of(zone, order);
        if (info.freeBlocksTotal == 0) {
            return 0;
        }
        if (info.freeBlocksSuitable > 0) {
            return -1000;
        }
        return (int) (1000 - (1000 + info.freePages * 1000 / (1L << order)) / info.freeBlocksTotal);
    }

    /**
     * mm/vmstat.c: extfrag_for_order — the percentage of the zone's free pages that are not in free
     * blocks of at least the order (0 with nothing free).
     */
    static int extfragForOrder(Zone zone, int order) {
        ContigPageInfo info = ContigPageInfo.of(zone, order);
        if (info.freePages == 0) {
            return 0;
        }
        return (int) ((info.freePages - (info.freeBlocksSuitable << order)) * 100 / info.freePages);
    }

    /** mm/vmstat.c: struct contig_page_info, as fill_contig_page_info counts it from the free lists. */
    private record ContigPageInfo(long freePages, long freeBlocksTotal, long freeBlocksSuitable) {
        static ContigPageInfo of(Zone zone, int order) {
            long blocksTotal = 0;
            long freePages = 0;
            long blocksSuitable = 0;
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                long blocks = zone.nrFree(o);
                blocksTotal += blocks;
                freePages += blocks << o;
                if (o >= order) {
                    blocksSuitable += blocks << (o - order);
                }
            }
            return new ContigPageInfo(freePages, blocksTotal, blocksSuitable);
        }
    }

    /**
     * compact_finished: done when the scanners meet (the whole zone scanned: COMPLETE). A proactive
     * compaction stops for a running kswapd, and succeeds once the zone's fragmentation score is at
     * most the low mark; one for {@link #ORDER_ANY} otherwise goes on. Otherwise, at a pageblock
     * boundary of the migrate scanner, it succeeds when a free block of the order is on the
     * request's list or one it may fall back to.
     */
    private CompactResult compactFinished(Scanners cc, boolean proactive) {
        CompactResult ret;
        if (cc.scannersMet()) {
            ret = CompactResult.COMPLETE;
        } else if (proactive) {
            if (!node.kswapdSleeping()) {
                ret = CompactResult.PARTIAL_SKIPPED;
            } else {
                ret = extfragForOrder(cc.zone(), COMPACTION_HPAGE_ORDER) > fragmentationScoreWmark(true)
                        ? CompactResult.CONTINUE : CompactResult.SUCCESS;
            }
        } else if (cc.order() == ORDER_ANY || (cc.migratePfn() & (MemMap.PAGEBLOCK_NR_PAGES - 1)) != 0) {
            ret = CompactResult.CONTINUE;
        } else {
            ret = pageAlloc.hasFreeBlockForCompaction(cc.zone(), cc.order(), cc.migratetype())
                    ? CompactResult.SUCCESS : CompactResult.NO_SUITABLE_PAGE;
        }
        trace.point(CompactionEvents.COMPACT_FINISHED, cc.zone().index(), cc.order(), cc.migratePfn(), cc.freePfn(),
                ret.ordinal());
        return ret == CompactResult.NO_SUITABLE_PAGE ? CompactResult.CONTINUE : ret;
    }

    /** defer_compaction: the next 2^shift attempts are skipped, up to 64. */
    void deferCompaction(Zone zone, int order) {
        zone.setCompactDefer(0, Math.min(zone.compactDeferShift() + 1, COMPACT_MAX_DEFER_SHIFT),
                Math.min(order, zone.compactOrderFailed()));
        trace.point(CompactionEvents.DEFER_COMPACTION, zone.index(), order, zone.compactConsidered(),
                zone.compactDeferShift(), zone.compactOrderFailed());
    }

    /** compaction_deferred: true while fewer than 2^shift attempts at a failed order have been skipped. */
    boolean compactionDeferred(Zone zone, int order) {
        if (order < zone.compactOrderFailed()) {
            return false;
        }
        long limit = 1L << zone.compactDeferShift();
        int considered = zone.compactConsidered() + 1;
        if (considered >= limit) {
            // the counter stops at the limit (the kernel traces nothing; the allocator's next events follow)
            zone.setCompactDefer((int) limit, zone.compactDeferShift(), zone.compactOrderFailed());
            return false;
        }
        zone.setCompactDefer(considered, zone.compactDeferShift(), zone.compactOrderFailed());
        trace.point(CompactionEvents.COMPACTION_DEFERRED, zone.index(), order, considered, zone.compactDeferShift(),
                zone.compactOrderFailed());
        return true;
    }

    /** compaction_defer_reset: after success the deferral is over; orders up to this one are not deferred. */
    @Override
    public void deferReset(Zone zone, int order, boolean allocSuccess) {
        int considered = allocSuccess ? 0 : zone.compactConsidered();
        int shift = allocSuccess ? 0 : zone.compactDeferShift();
        zone.setCompactDefer(considered, shift, Math.max(zone.compactOrderFailed(), order + 1));
        trace.point(CompactionEvents.DEFER_RESET, zone.index(), order, considered, shift, zone.compactOrderFailed());
    }
}
