package dev.folioscope.kernel.vmscan;

import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.pagealloc.Reclaim;
import dev.folioscope.kernel.pagealloc.ZoneWatermarks;
import dev.folioscope.kernel.rmap.FolioRmap;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.swap.SwapState;
import dev.folioscope.kernel.swap.Workingset;
import dev.folioscope.kernel.swap.Writeback;
import dev.folioscope.kernel.trace.FolioReclaim;
import dev.folioscope.kernel.trace.FolioReference;
import dev.folioscope.kernel.trace.VmscanEvents;
import dev.folioscope.kernel.trace.KswapdWakeup;
import dev.folioscope.kernel.trace.PgdatFlag;
import dev.folioscope.kernel.trace.ScanBalance;
import dev.folioscope.kernel.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * mm/vmscan.c with the classic two-list LRU (no lru_gen): kswapd's wakeup, its balancing runs
 * (balance_pgdat) and its sleep, direct reclaim (try_to_free_pages), and the scan they share,
 * shrink_node → shrink_lruvec → shrink_list: shrink_active_list ages the active list when the
 * inactive one is low, shrink_inactive_list isolates a window from the tail of the inactive list
 * and shrink_folio_list frees the clean page-cache folios nobody used, unmapping them through the
 * file rmap first.
 *
 * <p>With swap, anonymous folios are aged and reclaimed too (get_scan_count with vm.swappiness),
 * swapped out through the swap cache. Writes are asynchronous ({@link Writeback}): a swapped-out
 * folio stays in the swap cache under writeback and is freed on a later pass, once written. Dirty
 * file folios are not written by reclaim (6.18's pageout leaves filesystem folios to the flusher):
 * they get PG_reclaim and are activated, and an isolated batch of nothing but dirty file folios
 * wakes the flusher; kswapd flags the node PGDAT_DIRTY and PGDAT_WRITEBACK as 6.18 does and
 * stalls on writeback (reclaim_throttle) when it meets its own PG_reclaim folios still under
 * writeback. What is not modelled yet: LRUVEC_CONGESTED throttling of direct reclaim,
 * too_many_isolated, workingset shadow entries and refault detection, slab shrinkers, memory
 * cgroups.
 *
 * <p>Timing: wakeup_kswapd makes kswapd runnable; it runs when the operation that woke it returns
 * ({@link #runKswapd}, from the kernel's scheduling point), and its short sleep of HZ/10 always
 * times out, as nothing else runs in between.
 */
public final class Vmscan implements Reclaim {
    /** DEF_PRIORITY: the first scan priority; each pass scans lru_size >> priority pages. */
    static final int DEF_PRIORITY = 12;
    /** SWAP_CLUSTER_MAX: the most folios isolated at once, and direct reclaim's goal. */
    static final int SWAP_CLUSTER_MAX = 32;
    /** SWAP_CLUSTER_MAX_SKIPPED: folios of too high a zone passed over before they count as scanned. */
    private static final int SWAP_CLUSTER_MAX_SKIPPED = SWAP_CLUSTER_MAX << 10;
    private static final int MAX_NR_ZONES = PglistData.MAX_NR_ZONES;

    private final PglistData node;
    private final KswapdState kswapd;
    private final Trace trace;
    private final Supplier<Lru> lruOwners;
    /** wakeup_kcompactd(order, highest_zoneidx), which compaction implements. */
    private final java.util.function.BiConsumer<Integer, Integer> kcompactd;

    /**
     * What reclaim works on besides the node: mem_map, the LRU code, swap, writeback, the page
     * cache, the rmap, the allocator's free path, and vm.swappiness.
     */
    public record Lru(MemMap mem, Swap swap, SwapState swapState, Writeback writeback, Filemap filemap,
            FolioRmap rmap, PageAlloc pageAlloc, Workingset workingset, int swappiness) {
    }

    /** MAX_SWAPPINESS: vm.swappiness's top, where anonymous reclaim costs half of file reclaim's I/O. */
    private static final int MAX_SWAPPINESS = 200;

    /**
     * @param kswapd kswapd's run in progress, if any
     * @param lruOwners what reclaim works on; the kernel builds it after the allocator that needs
     *     this object, so it is asked for when reclaim runs (null before then: nothing to scan)
     * @param kcompactd wakeup_kcompactd
     */
    public Vmscan(PglistData node, KswapdState kswapd, Trace trace, Supplier<Lru> lruOwners,
            java.util.function.BiConsumer<Integer, Integer> kcompactd) {
        this.node = node;
        this.kswapd = kswapd;
        this.trace = trace;
        this.lruOwners = lruOwners;
        this.kcompactd = kcompactd;
    }

    private Lru lru() {
        return lruOwners.get();
    }

    /**
     * zone_reclaimable_pages: the zone's file LRU folios, and its anonymous ones while swap has a
     * free slot (can_reclaim_anon_pages without memory cgroups or demotion).
     */
    @Override
    public long zoneReclaimablePages(Zone zone) {
        // mm/vmscan.c: zone_reclaimable_pages
        Lruvec lruvec = node.lruvec();
        int z = zone.index();
        long nr = lruvec.zoneSize(LruList.INACTIVE_FILE, z) + lruvec.zoneSize(LruList.ACTIVE_FILE, z);
        Lru owners = lru();
        if (owners != null && owners.swapState().info().nrSwapPages() > 0) {
            nr += lruvec.zoneSize(LruList.INACTIVE_ANON, z) + lruvec.zoneSize(LruList.ACTIVE_ANON, z);
        }
        return nr;
    }

    /**
     * wakeup_kswapd: records the order and zone index kswapd should balance for, and wakes it
     * unless it is awake already, the node is hopeless, or the node is balanced and not boosted
     * (then only kcompactd is woken, for requests that cannot compact themselves).
     */
    @Override
    public void wakeupKswapd(Zone zone, int gfp, int order, int highestZoneidx) {
        KswapdWakeup outcome = KswapdWakeup.UNMANAGED_ZONE;
        if (zone.managedPages() > 0) {
            int curr = node.kswapdHighestZoneidx();
            if (curr == MAX_NR_ZONES || curr < highestZoneidx) {
                node.setKswapdHighestZoneidx(highestZoneidx);
            }
            if (node.kswapdOrder() < order) {
                node.setKswapdOrder(order);
            }
            outcome = outcome(order, highestZoneidx);
        }
        if (outcome == KswapdWakeup.WOKEN) {
            node.setKswapdSleeping(false);
        }
        // Reported after the state changed, so the event shows kswapd already woken.
        trace.enter(VmscanEvents.WAKEUP_KSWAPD, zone.index(), order, highestZoneidx);
        if ((outcome == KswapdWakeup.HOPELESS || outcome == KswapdWakeup.BALANCED)
                && (gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0) {
            // A node kswapd need not or cannot balance may still need compacting.
            wakeupKcompactd(order, highestZoneidx);
        }
        trace.exit(outcome.ordinal());
    }

    /** What wakeup_kswapd does with a node it may wake. */
    private KswapdWakeup outcome(int order, int highestZoneidx) {
        if (!node.kswapdSleeping()) {
            return KswapdWakeup.ALREADY_AWAKE;
        }
        if (node.kswapdFailures() >= PglistData.MAX_RECLAIM_RETRIES) {
            return KswapdWakeup.HOPELESS;
        }
        if (pgdatBalanced(order, highestZoneidx) && !pgdatWatermarkBoosted(highestZoneidx)) {
            return KswapdWakeup.BALANCED;
        }
        return KswapdWakeup.WOKEN;
    }

    /**
     * kswapd(), from the moment a wakeup ends its sleep to the moment it sleeps again: balance the
     * node for what the wakers asked (balance_pgdat), then try to sleep; a node still unbalanced
     * is balanced again at once. One call runs at most one shrink_node pass, which ends with its
     * {@link VmscanEvents#KSWAPD_PASS} event: a run that needs more stays open in
     * {@link KswapdState}, and the next call goes on from there.
     *
     * <p>Context: a scheduling point between operations. Does nothing while kswapd sleeps.
     *
     * @return whether kswapd is still inside its run (call again to go on)
     */
    public boolean runKswapd() {
        KswapdState.Run r = kswapd.run;
        if (r == null) {
            if (node.kswapdSleeping()) {
                return false;
            }
            r = new KswapdState.Run();
            r.highest = node.kswapdLastHighestZoneidx();
            trace.enter(VmscanEvents.KSWAPD, kswapdHighestZoneidx(r.highest), node.kswapdOrder());
            kswapd.run = r;
            startBalance(r);
        }
        for (;;) {
            if (balanceStep(r)) {
                return true;
            }
            int reclaimOrder = endBalance(r);
            r.runs++;
            if (reclaimOrder >= r.allocOrder) {
                // The loop's top: the orders come from the wakeups that arrived meanwhile (none here).
                r.allocOrder = node.kswapdOrder();
                reclaimOrder = r.allocOrder;
                r.highest = kswapdHighestZoneidx(r.highest);
            }
            // kswapd()'s local survives the sleep; kept before the sleep's event reports it.
            node.setKswapdLastHighestZoneidx(r.highest);
            if (kswapdTryToSleep(r.allocOrder, reclaimOrder, r.highest)) {
                break;
            }
            startBalance(r);
        }
        trace.exit(r.runs);
        return false;
    }

    /** kswapd_highest_zoneidx: the wakers' zone index, or the last one when no waker set one. */
    private int kswapdHighestZoneidx(int previous) {
        int curr = node.kswapdHighestZoneidx();
        return curr == MAX_NR_ZONES ? previous : curr;
    }

    /**
     * The top of kswapd()'s loop, which takes the wakers' order and zone index, and the start of
     * balance_pgdat for them: the boosts it finds, and its scan_control.
     */
    private void startBalance(KswapdState.Run r) {
        if (r.runs > PglistData.MAX_RECLAIM_RETRIES + 1) {
            throw new IllegalStateException("kswapd balanced node " + node.nodeId() + " " + r.runs
                    + " times without going to sleep or giving up");
        }
        r.allocOrder = node.kswapdOrder();
        r.highest = kswapdHighestZoneidx(r.highest);
        node.setKswapdOrder(0);
        node.setKswapdHighestZoneidx(MAX_NR_ZONES);
        // mm/vmscan.c: balance_pgdat
        int highestZoneidx = r.highest;
        trace.enter(VmscanEvents.BALANCE_PGDAT, highestZoneidx, r.allocOrder);
        node.countVmEvents(VmEvent.PAGEOUTRUN, 1);
        r.balanceHighest = highestZoneidx;
        r.zoneBoosts = new long[MAX_NR_ZONES];
        r.nrBoostReclaim = 0;
        for (int i = 0; i <= highestZoneidx; i++) {
            Zone z = node.zone(i);
            if (z.managedPages() > 0) {
                r.nrBoostReclaim += z.watermarkBoost();
                r.zoneBoosts[i] = z.watermarkBoost();
            }
        }
        r.boosted = r.nrBoostReclaim != 0;
        r.sc = new ScanControl(Gfp.GFP_KERNEL, r.allocOrder, highestZoneidx, 0, true);
        r.wasBalanced = false;
        r.restart = true;
        r.inPriorityLoop = false;
    }

    /**
     * balance_pgdat's loops, up to the next shrink_node pass: reclaims at falling priorities until a
     * zone the request may use is balanced. A boosted node first reclaims only to repay the boost;
     * an unbalanced one forgets the boost and reclaims for real. A pass that reached its goal
     * (kswapd_shrink_node) keeps the priority; a run that reclaimed nothing in cache-trim mode
     * starts over without it.
     *
     * @return whether a pass ran (false: the loops are over)
     */
    private boolean balanceStep(KswapdState.Run r) {
        for (;;) {
            if (!r.inPriorityLoop) {
                if (!r.restart) {
                    return false;
                }
                r.restart = false;
                setReclaimActive(r.balanceHighest, true);
                r.sc.priority = DEF_PRIORITY;
                r.inPriorityLoop = true;
            }
            ScanControl sc = r.sc;
            if (sc.priority < 1) {
                endPriorityLoop(r);
                continue;
            }
            long nrReclaimed = sc.nrReclaimed;
            boolean raisePriority = true;
            sc.reclaimIdx = r.balanceHighest;
            boolean balanced = pgdatBalanced(sc.order, r.balanceHighest);
            if (!balanced && r.nrBoostReclaim != 0) {
                // restart: an unbalanced node forgets the boost and reclaims for real.
                r.nrBoostReclaim = 0;
                r.restart = true;
                endPriorityLoop(r);
                continue;
            }
            if (r.nrBoostReclaim == 0 && balanced) {
                r.wasBalanced = true;
                endPriorityLoop(r);
                continue;
            }
            if (r.nrBoostReclaim != 0 && sc.priority == DEF_PRIORITY - 2) {
                raisePriority = false;
            }
            kswapdAgeNode(sc);
            sc.nrScanned = 0;
            // A pass scans long enough for the disk to complete the writes the last one submitted.
            lru().writeback().completeAll();
            int priority = sc.priority;
            if (kswapdShrinkNode(sc)) {
                raisePriority = false;
            }
            nrReclaimed = sc.nrReclaimed - nrReclaimed;
            r.nrBoostReclaim -= Math.min(r.nrBoostReclaim, nrReclaimed);
            if (r.nrBoostReclaim != 0 && nrReclaimed == 0) {
                // A boost that reclaims nothing is not pursued.
                endPriorityLoop(r);
            } else if (raisePriority || nrReclaimed == 0) {
                sc.priority--;
            }
            // The pass ends the operation: its event comes after everything the pass changed.
            trace.point(VmscanEvents.KSWAPD_PASS, priority, nrReclaimed, sc.nrToReclaim, sc.priority);
            return true;
        }
    }

    /** After the loop over the priorities: a run that reclaimed nothing in cache-trim mode starts over without it. */
    private static void endPriorityLoop(KswapdState.Run r) {
        r.inPriorityLoop = false;
        ScanControl sc = r.sc;
        if (!r.restart && !r.wasBalanced && sc.nrReclaimed == 0 && sc.priority < 1 && !sc.noCacheTrimMode
                && sc.cacheTrimModeFailed) {
            sc.noCacheTrimMode = true;
            r.restart = true;
        }
    }

    /**
     * The end of balance_pgdat: a run that reclaimed nothing without balancing counts a failure;
     * the boost it found is taken off (kswapd's decay of watermark_boost) and kcompactd is woken.
     *
     * @return the order balancing finished at
     */
    private int endBalance(KswapdState.Run r) {
        ScanControl sc = r.sc;
        int highestZoneidx = r.balanceHighest;
        if (!r.wasBalanced && sc.nrReclaimed == 0) {
            node.setKswapdFailures(node.kswapdFailures() + 1);
            trace.point(VmscanEvents.KSWAPD_FAILED, node.kswapdFailures());
        }
        setReclaimActive(highestZoneidx, false);
        if (r.boosted) {
            for (int i = 0; i <= highestZoneidx; i++) {
                if (r.zoneBoosts[i] != 0) {
                    Zone z = node.zone(i);
                    z.setWatermarkBoost(z.watermarkBoost() - Math.min(z.watermarkBoost(), r.zoneBoosts[i]));
                    trace.point(VmscanEvents.UNBOOST_WATERMARK, i, (int) z.watermarkBoost());
                }
            }
            wakeupKcompactd(MemMap.PAGEBLOCK_ORDER, highestZoneidx);
        }
        trace.exit(sc.order);
        return sc.order;
    }

    /**
     * kswapd_shrink_node: one shrink_node aiming at every usable zone's high watermark (at least
     * SWAP_CLUSTER_MAX each); enough reclaimed for a compaction gap ends the high-order attempt.
     *
     * @return whether the pass scanned or reclaimed as much as it aimed at
     */
    private boolean kswapdShrinkNode(ScanControl sc) {
        // mm/vmscan.c: kswapd_shrink_node
        long before = sc.nrReclaimed;
        sc.nrToReclaim = 0;
        for (int i = 0; i <= sc.reclaimIdx; i++) {
            Zone z = node.zone(i);
            if (z.managedPages() > 0) {
                sc.nrToReclaim += Math.max(z.watermark(Watermark.HIGH), SWAP_CLUSTER_MAX);
            }
        }
        shrinkNode(sc);
        // compact_gap(order) is 2 << order
        if (sc.order > 0 && sc.nrReclaimed >= 2L << sc.order) {
            sc.order = 0;
        }
        return Math.max(sc.nrScanned, sc.nrReclaimed - before) >= sc.nrToReclaim;
    }

    /**
     * kswapd_age_node: with swap, an inactive anonymous list that is low gets SWAP_CLUSTER_MAX
     * folios from the active one, whatever zone they are in.
     */
    private void kswapdAgeNode(ScanControl sc) {
        // mm/vmscan.c: kswapd_age_node
        if (lru() != null && canAgeAnonPages() && inactiveIsLow(LruList.INACTIVE_ANON)) {
            shrinkActiveList(SWAP_CLUSTER_MAX, sc, LruList.ACTIVE_ANON);
        }
    }

    /** can_age_anon_pages: there is swap (no demotion targets on one node). */
    private boolean canAgeAnonPages() {
        return lru().swapState().info().pages() > 0;
    }

    /** set_reclaim_active / clear_reclaim_active on the managed zones the run may reclaim from. */
    private void setReclaimActive(int highestZoneidx, boolean active) {
        for (int i = 0; i <= highestZoneidx; i++) {
            Zone z = node.zone(i);
            if (z.managedPages() == 0) {
                continue;
            }
            if (active) {
                z.setFlag(Zone.ZONE_RECLAIM_ACTIVE, trace);
            } else {
                z.clearFlag(Zone.ZONE_RECLAIM_ACTIVE, trace);
            }
        }
    }

    /**
     * kswapd_try_to_sleep: a balanced (or hopeless) node lets kswapd nap for HZ/10, wake
     * kcompactd, and then sleep until the next wakeup; otherwise it goes straight back to work.
     *
     * @return whether kswapd now sleeps
     */
    private boolean kswapdTryToSleep(int allocOrder, int reclaimOrder, int highestZoneidx) {
        boolean canSleep = prepareKswapdSleep(reclaimOrder, highestZoneidx);
        if (canSleep) {
            wakeupKcompactd(allocOrder, highestZoneidx);
            // The run is over: its locals go with it, before the sleep's event reports the change.
            kswapd.run = null;
            node.setKswapdSleeping(true);
        } else {
            // Not even the short sleep: no wakeup cut one short, so it is the high watermark's count.
            node.countVmEvents(VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
        }
        trace.point(VmscanEvents.KSWAPD_SLEEP, highestZoneidx, reclaimOrder, canSleep ? 1 : 0);
        return canSleep;
    }

    /**
     * prepare_kswapd_sleep: the node is hopeless, or balanced for this order and zone index — then
     * its writeback flags go (clear_pgdat_congested).
     */
    private boolean prepareKswapdSleep(int order, int highestZoneidx) {
        if (node.kswapdFailures() >= PglistData.MAX_RECLAIM_RETRIES) {
            return true;
        }
        if (pgdatBalanced(order, highestZoneidx)) {
            node.setFlag(PgdatFlag.PGDAT_DIRTY, false, trace);
            node.setFlag(PgdatFlag.PGDAT_WRITEBACK, false, trace);
            return true;
        }
        return false;
    }

    /** wakeup_kcompactd (mm/compaction.c): kcompactd runs at the next scheduling point, after kswapd. */
    private void wakeupKcompactd(int order, int highestZoneidx) {
        kcompactd.accept(order, highestZoneidx);
    }

    /**
     * pgdat_balanced: some managed zone up to the index passes its high watermark (boost included)
     * for the order; a node with no such zone needs no balancing.
     */
    private boolean pgdatBalanced(int order, int highestZoneidx) {
        boolean anyManaged = false;
        for (int i = 0; i <= Math.min(highestZoneidx, ZoneType.COUNT - 1); i++) {
            Zone z = node.zone(i);
            if (z.managedPages() == 0) {
                continue;
            }
            anyManaged = true;
            if (ZoneWatermarks.zoneWatermarkOk(z, order, z.watermark(Watermark.HIGH), highestZoneidx, 0,
                    z.freePages())) {
                return true;
            }
        }
        return !anyManaged;
    }

    /** pgdat_watermark_boosted: a managed zone up to the index has a boost. */
    private boolean pgdatWatermarkBoosted(int highestZoneidx) {
        for (int i = highestZoneidx; i >= 0; i--) {
            Zone z = node.zone(i);
            if (z.managedPages() > 0 && z.watermarkBoost() != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * try_to_free_pages → do_try_to_free_pages: direct reclaim by the allocating task, shrinking
     * the zones it may use at priorities from DEF_PRIORITY down to 0 until SWAP_CLUSTER_MAX pages
     * are reclaimed. A run that reclaims nothing is repeated as the kernel repeats it: once for
     * the full memcg walk, once more forcing deactivation if an active list was skipped.
     *
     * <p>Context: the allocation slow path, __GFP_DIRECT_RECLAIM set.
     *
     * @return the pages reclaimed
     */
    @Override
    public long tryToFreePages(int gfp, int order, int highestZoneidx) {
        // mm/vmscan.c: try_to_free_pages, do_try_to_free_pages
        trace.enter(VmscanEvents.TRY_TO_FREE_PAGES, order, gfp);
        ScanControl sc = new ScanControl(gfp, order, highestZoneidx, SWAP_CLUSTER_MAX, false);
        while (true) {
            // retry: an allocation stall counted per pass over the zonelist
            node.countVmEvents(VmEvent.forZone(VmEvent.ALLOCSTALL_DMA, sc.reclaimIdx), 1);
            do {
                sc.nrScanned = 0;
                shrinkZones(sc);
                if (sc.nrReclaimed >= sc.nrToReclaim) {
                    break;
                }
            } while (--sc.priority >= 0);
            if (sc.nrReclaimed != 0) {
                break;
            }
            if (!sc.memcgFullWalk) {
                sc.memcgFullWalk = true;
            } else if (sc.skippedDeactivate) {
                sc.forceDeactivate = true;
                sc.skippedDeactivate = false;
            } else {
                break;
            }
            sc.priority = DEF_PRIORITY;
        }
        trace.exit(sc.nrReclaimed);
        return sc.nrReclaimed;
    }

    /**
     * shrink_zones: the zonelist's zones up to the reclaim index, each node once — one node here,
     * shrunk if any of its zones may be used. (Compaction is not built in, so no zone is skipped as
     * ready for it.)
     */
    private void shrinkZones(ScanControl sc) {
        // mm/vmscan.c: shrink_zones
        for (int i = 0; i < node.zonelistLength(); i++) {
            Zone z = node.zonelistZone(i);
            if (z.index() <= sc.reclaimIdx) {
                shrinkNode(sc);
                return;
            }
        }
    }

    /**
     * shrink_node: prepare_scan_control, then the node's one lruvec (shrink_node_memcgs →
     * shrink_lruvec; no slab shrinkers). Reclaiming anything makes the node reclaimable again
     * (kswapd_failures = 0); reclaiming nothing in cache-trim mode marks that mode failed.
     */
    private void shrinkNode(ScanControl sc) {
        // mm/vmscan.c: shrink_node
        trace.enter(VmscanEvents.SHRINK_NODE, sc.priority, sc.nrToReclaim);
        long before = sc.nrReclaimed;
        sc.nrWriteback = 0;
        sc.nrImmediate = 0;
        sc.nrUnqueuedDirty = 0;
        sc.nrTaken = 0;
        sc.nrFileTaken = 0;
        prepareScanControl(sc);
        if (lru() != null) {
            shrinkLruvec(sc);
            if (sc.kswapd) {
                kswapdWritebackState(sc);
            }
        }
        long reclaimed = sc.nrReclaimed - before;
        if (reclaimed > 0) {
            node.setKswapdFailures(0);
        } else if (sc.cacheTrimMode) {
            sc.cacheTrimModeFailed = true;
        }
        trace.exit(reclaimed);
    }

    /**
     * shrink_node's kswapd part: every folio isolated under writeback sets PGDAT_WRITEBACK (the
     * allocation rate outruns the disk); every file folio isolated dirty and not queued sets
     * PGDAT_DIRTY; folios met again under writeback with PG_reclaim make kswapd stall on writeback.
     */
    private void kswapdWritebackState(ScanControl sc) {
        if (sc.nrWriteback != 0 && sc.nrWriteback == sc.nrTaken) {
            node.setFlag(PgdatFlag.PGDAT_WRITEBACK, true, trace);
        }
        if (sc.nrUnqueuedDirty != 0 && sc.nrUnqueuedDirty == sc.nrFileTaken) {
            node.setFlag(PgdatFlag.PGDAT_DIRTY, true, trace);
        }
        if (sc.nrImmediate != 0) {
            // reclaim_throttle(pgdat, VMSCAN_THROTTLE_WRITEBACK): the wait ends as writes complete.
            trace.enter(VmscanEvents.THROTTLE_WRITEBACK, sc.nrImmediate);
            int done = lru().writeback().completeAll();
            trace.exit(done);
        }
    }

    /**
     * prepare_scan_control: an active list may be deactivated when its inactive list is low (no
     * refaults are counted yet, workingset being absent); cache-trim mode when the inactive file
     * list alone has enough to scan at this priority and its active list need not be aged.
     */
    private void prepareScanControl(ScanControl sc) {
        // mm/vmscan.c: prepare_scan_control
        if (sc.forceDeactivate) {
            sc.mayDeactivate = ScanControl.DEACTIVATE_ANON | ScanControl.DEACTIVATE_FILE;
        } else {
            sc.mayDeactivate = (inactiveIsLow(LruList.INACTIVE_ANON) ? ScanControl.DEACTIVATE_ANON : 0)
                    | (inactiveIsLow(LruList.INACTIVE_FILE) ? ScanControl.DEACTIVATE_FILE : 0);
        }
        sc.anonCost = node.lruvec().anonCost();
        sc.fileCost = node.lruvec().fileCost();
        long file = node.lruvec().size(LruList.INACTIVE_FILE);
        sc.cacheTrimMode = (file >> sc.priority) != 0 && (sc.mayDeactivate & ScanControl.DEACTIVATE_FILE) == 0
                && !sc.noCacheTrimMode;
        // the cache trap: a file LRU thrashing away under the high watermarks while anon is not low
        long free = 0;
        long totalHighWmark = 0;
        for (Zone z : node.zones()) {
            free += z.freePages();
            if (z.managedPages() > 0) {
                totalHighWmark += z.watermark(Watermark.HIGH);
            }
        }
        long allFile = node.lruvec().size(LruList.ACTIVE_FILE) + node.lruvec().size(LruList.INACTIVE_FILE);
        sc.fileIsTiny = allFile + free <= totalHighWmark && (sc.mayDeactivate & ScanControl.DEACTIVATE_ANON) == 0
                && (node.lruvec().size(LruList.INACTIVE_ANON) >> sc.priority) != 0;
    }

    /**
     * inactive_is_low: the inactive list is smaller than the active one divided by the ratio
     * int_sqrt(10 * gigabytes on both lists), 1 below a gigabyte.
     */
    private boolean inactiveIsLow(LruList inactiveLru) {
        // mm/vmscan.c: inactive_is_low
        Lruvec lruvec = node.lruvec();
        long inactive = lruvec.size(inactiveLru);
        long active = lruvec.size(LruList.of(inactiveLru.ordinal() + 1));
        long gb = (inactive + active) >> (30 - 12);
        long ratio = gb != 0 ? ZoneWatermarks.intSqrt(10 * gb) : 1;
        return inactive * ratio < active;
    }

    private static final LruList[] EVICTABLE = {LruList.INACTIVE_ANON, LruList.ACTIVE_ANON, LruList.INACTIVE_FILE,
            LruList.ACTIVE_FILE};

    /**
     * get_scan_count: how many folios of each list to scan at this priority — each list's size
     * (in the zones up to the reclaim index) shifted right by the priority, then balanced: file
     * only without free swap or in cache-trim mode, anon only when the file lists are tiny, both
     * alike at priority 0 (unless swappiness is 0), else in proportion to swappiness and the
     * lists' recent reclaim costs (calculate_pressure_balance).
     */
    private long[] getScanCount(ScanControl sc) {
        // mm/vmscan.c: get_scan_count
        int swappiness = lru().swappiness();
        ScanBalance balance;
        if (lru().swapState().info().nrSwapPages() <= 0) {
            // can_reclaim_anon_pages: no free swap slot
            balance = ScanBalance.SCAN_FILE;
        } else if (sc.priority == 0 && swappiness != 0) {
            balance = ScanBalance.SCAN_EQUAL;
        } else if (sc.fileIsTiny) {
            balance = ScanBalance.SCAN_ANON;
        } else if (sc.cacheTrimMode) {
            balance = ScanBalance.SCAN_FILE;
        } else {
            balance = ScanBalance.SCAN_FRACT;
        }
        long[] fraction = pressureBalance(sc, swappiness);
        long denominator = fraction[0] + fraction[1];
        long[] nr = new long[LruList.COUNT];
        for (LruList l : EVICTABLE) {
            boolean file = l == LruList.INACTIVE_FILE || l == LruList.ACTIVE_FILE;
            long scan = lruSize(l, sc.reclaimIdx) >> sc.priority;
            nr[l.ordinal()] = switch (balance) {
                case SCAN_EQUAL -> scan;
                case SCAN_FRACT -> scan * fraction[file ? 1 : 0] / denominator;
                case SCAN_FILE -> file ? scan : 0;
                case SCAN_ANON -> file ? 0 : scan;
            };
        }
        trace.point(VmscanEvents.GET_SCAN_COUNT, sc.priority, balance.ordinal(),
                nr[LruList.INACTIVE_ANON.ordinal()], nr[LruList.ACTIVE_ANON.ordinal()],
                nr[LruList.INACTIVE_FILE.ordinal()], nr[LruList.ACTIVE_FILE.ordinal()]);
        return nr;
    }

    /**
     * calculate_pressure_balance: each type's share is inversely proportional to its cost (its own
     * plus the total, so at least a third of the pressure stays), weighted by swappiness for
     * anon and 200 - swappiness for file.
     *
     * @return {anon, file} fractions
     */
    private static long[] pressureBalance(ScanControl sc, int swappiness) {
        long totalCost = sc.anonCost + sc.fileCost;
        long anonCost = totalCost + sc.anonCost;
        long fileCost = totalCost + sc.fileCost;
        totalCost = anonCost + fileCost;
        long ap = swappiness * (totalCost + 1) / (anonCost + 1);
        long fp = (MAX_SWAPPINESS - swappiness) * (totalCost + 1) / (fileCost + 1);
        return new long[] {ap, fp};
    }

    /** lruvec_lru_size: the folios of {@code l} in zones up to {@code zoneIdx}. */
    private long lruSize(LruList l, int zoneIdx) {
        long n = 0;
        for (int z = 0; z <= zoneIdx; z++) {
            n += node.lruvec().zoneSize(l, z);
        }
        return n;
    }


    private int highestManagedZone() {
        for (int i = ZoneType.COUNT - 1; i >= 0; i--) {
            if (node.zone(i).managedPages() > 0) {
                return i;
            }
        }
        return 0;
    }

    /**
     * shrink_lruvec: scans the lists get_scan_count asked for, SWAP_CLUSTER_MAX folios of each at
     * a time, until the counts run out; once enough is reclaimed (except in direct reclaim's
     * first, proportional, priority) the type with less left to scan stops and the other is
     * cut to the share of its target the first has not scanned. Then, with swap, the active
     * anonymous list is aged if the inactive one is low.
     */
    private void shrinkLruvec(ScanControl sc) {
        // mm/vmscan.c: shrink_lruvec
        long[] nr = getScanCount(sc);
        long[] targets = nr.clone();
        long nrReclaimed = 0;
        boolean proportional = !sc.kswapd && sc.priority == DEF_PRIORITY;
        int ia = LruList.INACTIVE_ANON.ordinal();
        int aa = LruList.ACTIVE_ANON.ordinal();
        int inf = LruList.INACTIVE_FILE.ordinal();
        int af = LruList.ACTIVE_FILE.ordinal();
        while (nr[ia] != 0 || nr[af] != 0 || nr[inf] != 0) {
            for (LruList l : EVICTABLE) {
                if (nr[l.ordinal()] != 0) {
                    long nrToScan = Math.min(nr[l.ordinal()], SWAP_CLUSTER_MAX);
                    nr[l.ordinal()] -= nrToScan;
                    nrReclaimed += shrinkList(l, nrToScan, sc);
                }
            }
            if (nrReclaimed < sc.nrToReclaim || proportional) {
                continue;
            }
            long nrFile = nr[inf] + nr[af];
            long nrAnon = nr[ia] + nr[aa];
            if (nrFile == 0 || nrAnon == 0) {
                break;
            }
            int stop;
            long percentage;
            if (nrFile > nrAnon) {
                stop = ia;
                percentage = nrAnon * 100 / (targets[ia] + targets[aa] + 1);
            } else {
                stop = inf;
                percentage = nrFile * 100 / (targets[inf] + targets[af] + 1);
            }
            nr[stop] = 0;
            nr[stop + 1] = 0;
            int other = stop == inf ? ia : inf;
            for (int lru = other; lru <= other + 1; lru++) {
                long scanned = targets[lru] - nr[lru];
                nr[lru] = targets[lru] * (100 - percentage) / 100;
                nr[lru] -= Math.min(nr[lru], scanned);
            }
        }
        sc.nrReclaimed += nrReclaimed;
        if (canAgeAnonPages() && inactiveIsLow(LruList.INACTIVE_ANON)) {
            shrinkActiveList(SWAP_CLUSTER_MAX, sc, LruList.ACTIVE_ANON);
        }
    }

    /** shrink_list: an active list is aged (if it may be deactivated) and reclaims nothing; an inactive one is shrunk. */
    private long shrinkList(LruList l, long nrToScan, ScanControl sc) {
        // mm/vmscan.c: shrink_list
        if (l == LruList.ACTIVE_ANON || l == LruList.ACTIVE_FILE) {
            int bit = l == LruList.ACTIVE_FILE ? ScanControl.DEACTIVATE_FILE : ScanControl.DEACTIVATE_ANON;
            if ((sc.mayDeactivate & bit) != 0) {
                shrinkActiveList(nrToScan, sc, l);
            } else {
                sc.skippedDeactivate = true;
            }
            return 0;
        }
        return shrinkInactiveList(nrToScan, sc, l);
    }

    /**
     * shrink_active_list: isolates up to {@code nrToScan} folios from the tail of an active list;
     * each referenced through an executable file mapping (folio_referenced) stays active, every
     * other loses PG_active, gains PG_workingset and goes to the head of the inactive list.
     */
    private void shrinkActiveList(long nrToScan, ScanControl sc, LruList l) {
        // mm/vmscan.c: shrink_active_list
        trace.enter(VmscanEvents.SHRINK_ACTIVE_LIST, l.ordinal(), nrToScan, sc.priority);
        MemMap mem = lru().mem();
        lru().swap().lruAddDrain();
        Isolated isolated = isolateLruFolios(nrToScan, sc, l);
        int[] hold = isolated.folios();
        node.countVmEvents(VmEvent.PGREFILL, isolated.nrScanned());
        List<Integer> active = new ArrayList<>();
        List<Integer> inactive = new ArrayList<>();
        int nrRotated = 0;
        for (int pfn : hold) {
            if (!folioEvictable(pfn)) {
                folioPutbackLru(pfn);
                continue;
            }
            FolioRmap.Referenced r = folioReferenced(pfn);
            boolean exec = r.referenced() != 0 && (r.vmFlags() & VmFlags.VM_EXEC) != 0 && folioIsFileLru(pfn);
            if (exec) {
                nrRotated++;
                active.add(pfn);
            } else {
                mem.clearFlag(pfn, PageFlag.PG_active);
                mem.setFlag(pfn, PageFlag.PG_workingset);
                inactive.add(pfn);
            }
            trace.point(VmscanEvents.SHRINK_ACTIVE_FOLIO, pfn, r.referenced(), exec ? 1 : 0);
        }
        int nrActivate = moveFoliosToLru(active);
        int nrDeactivate = moveFoliosToLru(inactive);
        node.countVmEvents(VmEvent.PGDEACTIVATE, nrDeactivate);
        node.lruvec().noteCost(l == LruList.ACTIVE_FILE, 0, nrRotated);
        trace.point(VmscanEvents.LRU_SHRINK_ACTIVE, hold.length, nrActivate, nrDeactivate, nrRotated, sc.priority,
                l.ordinal());
        trace.exit(nrDeactivate);
    }

    /** folio_referenced: through the rmap for a mapped folio. */
    private FolioRmap.Referenced folioReferenced(int pfn) {
        MemMap mem = lru().mem();
        if (mem.mapcount(pfn) == 0) {
            return new FolioRmap.Referenced(0, 0);
        }
        return lru().rmap().folioReferenced(pfn);
    }

    /**
     * shrink_inactive_list: drains this CPU's LRU batches, isolates up to {@code nrToScan} folios
     * from the tail of the list, tries to reclaim them (shrink_folio_list) and puts the rest back.
     *
     * @return the folios reclaimed
     */
    private long shrinkInactiveList(long nrToScan, ScanControl sc, LruList l) {
        // mm/vmscan.c: shrink_inactive_list
        trace.enter(VmscanEvents.SHRINK_INACTIVE_LIST, l.ordinal(), nrToScan, sc.priority);
        lru().swap().lruAddDrain();
        Isolated isolated = isolateLruFolios(nrToScan, sc, l);
        int[] taken = isolated.folios();
        boolean file = l == LruList.INACTIVE_FILE;
        node.countVmEvents(sc.kswapd ? VmEvent.PGSCAN_KSWAPD : VmEvent.PGSCAN_DIRECT, isolated.nrScanned());
        node.countVmEvents(file ? VmEvent.PGSCAN_FILE : VmEvent.PGSCAN_ANON, isolated.nrScanned());
        long nrReclaimed = 0;
        if (taken.length > 0) {
            ReclaimStat stat = new ReclaimStat();
            List<Integer> back = shrinkFolioList(taken, sc, stat);
            nrReclaimed = stat.nrReclaimed;
            moveFoliosToLru(back);
            node.lruvec().noteCost(file, stat.nrPageout, isolated.nrScanned() - nrReclaimed);
            if (stat.nrUnqueuedDirty == taken.length) {
                // Dirty folios nobody is writing: the flushers are not keeping up, nudge them.
                lru().writeback().wakeupFlusherThreads();
            }
            sc.nrWriteback += stat.nrWriteback;
            sc.nrImmediate += stat.nrImmediate;
            sc.nrUnqueuedDirty += stat.nrUnqueuedDirty;
            sc.nrTaken += taken.length;
            if (file) {
                sc.nrFileTaken += taken.length;
            }
            node.countVmEvents(sc.kswapd ? VmEvent.PGSTEAL_KSWAPD : VmEvent.PGSTEAL_DIRECT, nrReclaimed);
            node.countVmEvents(file ? VmEvent.PGSTEAL_FILE : VmEvent.PGSTEAL_ANON, nrReclaimed);
            trace.point(VmscanEvents.LRU_SHRINK_INACTIVE, stat.nrScanned, nrReclaimed, stat.nrDirty,
                    stat.nrActivate, stat.nrRefKeep, stat.nrUnmapFail, sc.priority, l.ordinal());
        }
        trace.exit(nrReclaimed);
        return nrReclaimed;
    }

    /**
     * reclaim_pages (MADV_PAGEOUT): each folio still on an LRU list is isolated
     * (folio_isolate_lru: off its list, a reference, PG_lru and PG_active cleared); an
     * unevictable one goes straight back; shrink_folio_list then takes the others, in the order
     * given, ignoring references, as GFP_KERNEL reclaim, and what it keeps goes back
     * (folio_putback_lru).
     *
     * @return the folios reclaimed
     */
    public long reclaimPages(List<Integer> folios) {
        // mm/vmscan.c: reclaim_pages, reclaim_folio_list
        MemMap mem = lru().mem();
        List<Integer> taken = new ArrayList<>();
        for (int pfn : folios) {
            if (!mem.test(pfn, PageFlag.PG_lru)) {
                continue;
            }
            node.lruvec().del(mem, Swap.folioLruList(mem, pfn), pfn);
            mem.setRefcount(pfn, mem.refcount(pfn) + 1);
            mem.clearFlag(pfn, PageFlag.PG_lru);
            if (mem.test(pfn, PageFlag.PG_unevictable)) {
                mem.clearFlag(pfn, PageFlag.PG_unevictable);
                folioPutbackLru(pfn);
                continue;
            }
            mem.clearFlag(pfn, PageFlag.PG_active);
            taken.add(pfn);
        }
        trace.enter(VmscanEvents.RECLAIM_PAGES, taken.size());
        ScanControl sc = new ScanControl(Gfp.GFP_KERNEL, 0, highestManagedZone(), SWAP_CLUSTER_MAX, false);
        sc.ignoreReferences = true;
        ReclaimStat stat = new ReclaimStat();
        List<Integer> back = shrinkFolioList(taken.stream().mapToInt(Integer::intValue).toArray(), sc, stat);
        for (int pfn : back) {
            folioPutbackLru(pfn);
        }
        trace.exit(stat.nrReclaimed);
        return stat.nrReclaimed;
    }

    /**
     * One shrink_inactive_list (or shrink_active_list) pass over {@code l} as kswapd makes it at
     * DEF_PRIORITY, reclaiming from every zone: for tests that follow a folio through one pass.
     *
     * @return the folios reclaimed (0 for an active list)
     */
    long shrinkListOnce(LruList l, long nrToScan) {
        ScanControl sc = new ScanControl(Gfp.GFP_KERNEL, 0, highestManagedZone(), SWAP_CLUSTER_MAX, true);
        sc.mayDeactivate = ScanControl.DEACTIVATE_ANON | ScanControl.DEACTIVATE_FILE;
        return shrinkList(l, nrToScan, sc);
    }

    /** struct reclaim_stat, for the fields the model fills. */
    private static final class ReclaimStat {
        long nrScanned;
        long nrReclaimed;
        long nrDirty;
        long nrUnqueuedDirty;
        long nrWriteback;
        long nrImmediate;
        long nrActivate;
        long nrRefKeep;
        long nrUnmapFail;
        long nrPageout;
    }

    /**
     * isolate_lru_folios: takes folios from the tail of {@code l} until {@code nrToScan} have
     * been scanned; folios of zones above the reclaim index are passed over (and go back to the
     * list's head), the rest get a reference and lose PG_lru.
     *
     * @return the folios taken, oldest first, and the folios scanned (the skipped ones included)
     */
    private Isolated isolateLruFolios(long nrToScan, ScanControl sc, LruList l) {
        // mm/vmscan.c: isolate_lru_folios
        MemMap mem = lru().mem();
        Lruvec lruvec = node.lruvec();
        List<Integer> taken = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        long scan = 0;
        long totalScan = 0;
        while (scan < nrToScan && lruvec.size(l) > 0) {
            int pfn = lruvec.last(l);
            lruvec.del(mem, l, pfn);
            totalScan++;
            if (skipped.size() < SWAP_CLUSTER_MAX_SKIPPED && node.zoneOfPfn(pfn).index() > sc.reclaimIdx) {
                skipped.add(pfn);
                continue;
            }
            scan++;
            // Every folio on a list has PG_lru and a reference in this model: folio_try_get and
            // folio_test_clear_lru succeed.
            mem.setRefcount(pfn, mem.refcount(pfn) + 1);
            mem.clearFlag(pfn, PageFlag.PG_lru);
            taken.add(pfn);
        }
        // list_splice of the skipped folios back to the head of the list, in the order met
        for (int i = skipped.size() - 1; i >= 0; i--) {
            lruvec.add(mem, l, skipped.get(i));
            node.countVmEvents(VmEvent.forZone(VmEvent.PGSCAN_SKIP_DMA, node.zoneOfPfn(skipped.get(i)).index()), 1);
        }
        trace.point(VmscanEvents.LRU_ISOLATE, sc.reclaimIdx, sc.order, nrToScan, totalScan, skipped.size(),
                taken.size(), l.ordinal());
        return new Isolated(taken.stream().mapToInt(Integer::intValue).toArray(), totalScan);
    }

    /** What isolate_lru_folios took off a list, oldest first, and how many folios it scanned. */
    private record Isolated(int[] folios, long nrScanned) {
    }

    /**
     * shrink_folio_list: each isolated folio, oldest first, is reclaimed or put back. Unevictable
     * ones and referenced ones (folio_check_references) go back; a mapped one is unmapped through
     * the rmap (try_to_unmap); one under writeback is activated (with PG_reclaim, so its write's
     * completion rotates it); a dirty file one is left to the flusher (PG_reclaim, activated); a
     * dirty anonymous one is written to swap and kept until written; a clean one with buffers
     * releases them; then __remove_mapping takes it out of the page cache or the swap cache and it
     * is freed with the others at the end (free_unref_folios).
     *
     * @return the folios to put back, in the order move_folios_to_lru takes them
     */
    private List<Integer> shrinkFolioList(int[] folios, ScanControl sc, ReclaimStat stat) {
        // mm/vmscan.c: shrink_folio_list
        trace.enter(VmscanEvents.SHRINK_FOLIO_LIST, folios.length);
        MemMap mem = lru().mem();
        List<Integer> ret = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        for (int pfn : folios) {
            sc.nrScanned++;
            stat.nrScanned++;
            FolioReclaim outcome = shrinkFolio(pfn, sc, stat);
            switch (outcome) {
                case RECLAIMED, LAZYFREED -> free.add(pfn);
                case ACTIVATE_REFERENCED, ACTIVATE_STILL_MAPPED, ACTIVATE_DIRTY, ACTIVATE_UNEVICTABLE,
                        ACTIVATE_SWAP_FULL, ACTIVATE_PAGEOUT, ACTIVATE_WRITEBACK, ACTIVATE_WRITEBACK_IMMEDIATE -> {
                    // activate_locked: a swap that is half full takes back the slot of a folio kept
                    if (mem.test(pfn, PageFlag.PG_swapcache)
                            && (lru().swapState().info().vmSwapFull() || mem.test(pfn, PageFlag.PG_mlocked))) {
                        lru().swapState().folioFreeSwap(pfn);
                    }
                    if (!mem.test(pfn, PageFlag.PG_mlocked)) {
                        mem.setFlag(pfn, PageFlag.PG_active);
                        stat.nrActivate++;
                    }
                    ret.add(pfn);
                }
                default -> ret.add(pfn);
            }
            trace.point(VmscanEvents.SHRINK_FOLIO, pfn, outcome.ordinal());
        }
        stat.nrReclaimed = free.size();
        node.countVmEvents(VmEvent.PGACTIVATE, stat.nrActivate);
        if (!free.isEmpty()) {
            trace.enter(VmscanEvents.FREE_UNREF_FOLIOS, free.size());
            for (int pfn : free) {
                lru().pageAlloc().freeFrozenPages(pfn, 0);
            }
            trace.exit(free.size());
        }
        trace.exit(stat.nrReclaimed);
        return ret;
    }

    /** shrink_folio_list's decisions for one folio. */
    private FolioReclaim shrinkFolio(int pfn, ScanControl sc, ReclaimStat stat) {
        MemMap mem = lru().mem();
        if (!folioEvictable(pfn)) {
            return FolioReclaim.ACTIVATE_UNEVICTABLE;
        }
        if (!mem.isAnon(pfn) && folioIsFileLru(pfn)) {
            // folio_check_dirty_writeback: only file folios; the flushers handle them
            boolean dirty = mem.test(pfn, PageFlag.PG_dirty);
            boolean writeback = mem.test(pfn, PageFlag.PG_writeback);
            stat.nrDirty += dirty || writeback ? 1 : 0;
            stat.nrUnqueuedDirty += dirty && !writeback ? 1 : 0;
        }
        if (mem.test(pfn, PageFlag.PG_writeback)) {
            if (sc.kswapd && mem.test(pfn, PageFlag.PG_reclaim) && node.testFlag(PgdatFlag.PGDAT_WRITEBACK)) {
                // case 1: cycling through the LRU faster than it is written
                stat.nrImmediate++;
                return FolioReclaim.ACTIVATE_WRITEBACK_IMMEDIATE;
            }
            // case 2 (writeback_throttling_sane: no legacy memcg, so case 3 never applies)
            mem.setFlag(pfn, PageFlag.PG_reclaim);
            stat.nrWriteback++;
            return FolioReclaim.ACTIVATE_WRITEBACK;
        }
        FolioReference references = sc.ignoreReferences ? FolioReference.RECLAIM : folioCheckReferences(pfn);
        if (references == FolioReference.ACTIVATE) {
            return FolioReclaim.ACTIVATE_REFERENCED;
        }
        if (references == FolioReference.KEEP) {
            stat.nrRefKeep++;
            return FolioReclaim.KEEP_REFERENCED;
        }
        boolean anonSwapbacked = mem.isAnon(pfn) && mem.test(pfn, PageFlag.PG_swapbacked);
        if (anonSwapbacked && !mem.test(pfn, PageFlag.PG_swapcache)) {
            if ((sc.gfpMask & Gfp.__GFP_IO) == 0) {
                return FolioReclaim.KEEP_NO_IO;
            }
            if (!lru().swapState().folioAllocSwap(pfn)) {
                return FolioReclaim.ACTIVATE_SWAP_FULL;
            }
            // folio_mark_dirty: its only copy is in memory until written
            mem.setFlag(pfn, PageFlag.PG_dirty);
        }
        if (mem.mapcount(pfn) > 0 && !lru().rmap().tryToUnmap(pfn)) {
            stat.nrUnmapFail++;
            return FolioReclaim.ACTIVATE_STILL_MAPPED;
        }
        if (mem.test(pfn, PageFlag.PG_dirty)) {
            if (folioIsFileLru(pfn) && (!sc.kswapd || !mem.test(pfn, PageFlag.PG_reclaim)
                    || !node.testFlag(PgdatFlag.PGDAT_DIRTY))) {
                // Only kswapd writes file folios, and only ones it met dirty before while the node is
                // PGDAT_DIRTY: leave it to the flusher, to be reclaimed as soon as it is written.
                node.modStat(NodeStat.NR_VMSCAN_IMMEDIATE, 1);
                mem.setFlag(pfn, PageFlag.PG_reclaim);
                return FolioReclaim.ACTIVATE_DIRTY;
            }
            if (references == FolioReference.RECLAIM_CLEAN) {
                return FolioReclaim.KEEP_RECLAIM_CLEAN;
            }
            // pageout: is_page_cache_freeable (the model counts no reference for buffer heads)
            if (mem.refcount(pfn) != 2) {
                return FolioReclaim.KEEP_PAGEOUT;
            }
            if (folioIsFileLru(pfn)) {
                // 6.18's pageout returns PAGE_ACTIVATE for a filesystem folio: the flusher writes it.
                return FolioReclaim.ACTIVATE_PAGEOUT;
            }
            pageout(pfn);
            stat.nrPageout++;
            // PAGE_SUCCESS with the write in flight: kept until it completes
            return FolioReclaim.KEEP_WRITEBACK;
        }
        if (mem.test(pfn, PageFlag.PG_private)) {
            // folio_needs_release → filemap_release_folio: clean buffers are freed.
            mem.clearFlag(pfn, PageFlag.PG_private);
        }
        if (mem.isAnon(pfn) && !mem.test(pfn, PageFlag.PG_swapbacked)) {
            // folio_ref_freeze(folio, 1): nobody but the isolation holds it
            if (mem.refcount(pfn) != 1) {
                return FolioReclaim.KEEP_BUSY;
            }
            mem.setRefcount(pfn, 0);
            node.countVmEvents(VmEvent.PGLAZYFREED, 1);
            return FolioReclaim.LAZYFREED;
        }
        return removeMapping(pfn) ? FolioReclaim.RECLAIMED : FolioReclaim.KEEP_BUSY;
    }

    /**
     * pageout → writeout of a dirty folio in the swap cache that only the cache and the isolation
     * hold: its dirty bit moves to the write (folio_clear_dirty_for_io), PG_reclaim is set so the
     * write's completion rotates it, and swap_writepage submits it. Counts nr_vmscan_write.
     */
    private void pageout(int pfn) {
        // mm/vmscan.c: pageout, writeout
        MemMap mem = lru().mem();
        mem.clearFlag(pfn, PageFlag.PG_dirty);
        mem.setFlag(pfn, PageFlag.PG_reclaim);
        node.modStat(NodeStat.NR_VMSCAN_WRITE, 1);
        lru().swapState().swapWritepage(pfn);
    }

    /**
     * folio_check_references (classic LRU): young PTEs set PG_referenced and keep the folio for
     * another trip, or activate it if it was referenced already, is mapped by several VMAs or is
     * executable file memory; without young PTEs PG_referenced is cleared and the folio reclaimed.
     */
    private FolioReference folioCheckReferences(int pfn) {
        // mm/vmscan.c: folio_check_references
        MemMap mem = lru().mem();
        FolioRmap.Referenced ref = folioReferenced(pfn);
        int referencedPtes = ref.referenced();
        boolean referencedFolio = mem.test(pfn, PageFlag.PG_referenced);
        FolioReference r;
        if ((ref.vmFlags() & VmFlags.VM_LOCKED) != 0) {
            r = FolioReference.ACTIVATE;
        } else {
            mem.clearFlag(pfn, PageFlag.PG_referenced);
            if (referencedPtes != 0) {
                mem.setFlag(pfn, PageFlag.PG_referenced);
                if (referencedFolio || referencedPtes > 1
                        || (ref.vmFlags() & VmFlags.VM_EXEC) != 0 && folioIsFileLru(pfn)) {
                    r = FolioReference.ACTIVATE;
                } else {
                    r = FolioReference.KEEP;
                }
            } else if (referencedFolio && folioIsFileLru(pfn)) {
                r = FolioReference.RECLAIM_CLEAN;
            } else {
                r = FolioReference.RECLAIM;
            }
        }
        trace.point(VmscanEvents.FOLIO_CHECK_REFERENCES, pfn, referencedPtes, referencedFolio ? 1 : 0, r.ordinal());
        return r;
    }

    /**
     * __remove_mapping: the folio leaves the page cache, or the swap cache, if only the cache and
     * the isolation hold it (its references frozen at 2) and it is clean, leaving a workingset
     * shadow entry in its slot (reclaim is the only caller here).
     *
     * @return whether the folio is out of the cache, with no reference left
     */
    private boolean removeMapping(int pfn) {
        // mm/vmscan.c: __remove_mapping
        MemMap mem = lru().mem();
        trace.enter(VmscanEvents.REMOVE_MAPPING, pfn);
        boolean freed = mem.refcount(pfn) == 2 && !mem.test(pfn, PageFlag.PG_dirty);
        if (freed) {
            mem.setRefcount(pfn, 0);
            if (mem.test(pfn, PageFlag.PG_swapcache)) {
                lru().swapState().swapCacheDel(pfn, lru().workingset().eviction(pfn));
            } else {
                Inode inode = lru().filemap().cache().get(Filemap.inodeOf(mem, pfn));
                // only file-LRU folios leave a shadow; shmem ones go through the swap cache
                int shadow = folioIsFileLru(pfn) ? lru().workingset().eviction(pfn) : Inode.NONE;
                lru().filemap().removeFolio(inode, mem.index(pfn), pfn, shadow);
            }
        }
        trace.exit(freed ? 1 : 0);
        return freed;
    }

    /**
     * move_folios_to_lru: each folio, in order, back to the head of the list its flags name with
     * PG_lru, dropping the isolation's reference (an active one ticks the workingset clock); an
     * unevictable one through folio_putback_lru.
     *
     * @return the folios moved
     */
    private int moveFoliosToLru(List<Integer> folios) {
        // mm/vmscan.c: move_folios_to_lru
        if (folios.isEmpty()) {
            return 0;
        }
        MemMap mem = lru().mem();
        trace.enter(VmscanEvents.MOVE_FOLIOS_TO_LRU, folios.size());
        int moved = 0;
        for (int pfn : folios) {
            if (!folioEvictable(pfn)) {
                folioPutbackLru(pfn);
                continue;
            }
            mem.setFlag(pfn, PageFlag.PG_lru);
            // folio_put_testzero cannot reach zero: the page cache, the swap cache or a mapping holds the folio.
            mem.setRefcount(pfn, mem.refcount(pfn) - 1);
            LruList l = Swap.folioLruList(mem, pfn);
            node.lruvec().add(mem, l, pfn);
            if (mem.test(pfn, PageFlag.PG_active)) {
                // an activation by reclaim ticks the workingset clock too
                node.lruvec().ageNonresident(1);
            }
            trace.point(VmscanEvents.LRUVEC_ADD_FOLIO, pfn, l.ordinal());
            moved++;
        }
        trace.exit(moved);
        return moved;
    }

    /** folio_putback_lru: through this CPU's lru_add batch, then the isolation's reference goes. */
    private void folioPutbackLru(int pfn) {
        lru().swap().folioAddLru(pfn);
        lru().swap().folioPut(pfn);
    }

    /** folio_evictable: not mlocked (no unevictable mappings in this model). */
    private boolean folioEvictable(int pfn) {
        return !lru().mem().test(pfn, PageFlag.PG_mlocked);
    }

    /** folio_is_file_lru: not swap-backed. */
    private boolean folioIsFileLru(int pfn) {
        return !lru().mem().test(pfn, PageFlag.PG_swapbacked);
    }
}
