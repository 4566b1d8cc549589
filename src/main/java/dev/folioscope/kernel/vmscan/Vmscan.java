package dev.folioscope.kernel.vmscan;

import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.Reclaim;
import dev.folioscope.kernel.pagealloc.ZoneWatermarks;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.VmscanEvents;
import dev.folioscope.kernel.trace.KswapdWakeup;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/vmscan.c as far as the model goes before LRU lists exist: kswapd's wakeup, its balancing
 * runs and its sleep, and direct reclaim. No page is on an LRU list yet, so every reclaim pass
 * reclaims nothing; what remains is the control flow around it, which is what decays watermark
 * boosts (balance_pgdat takes off the boost it found) and makes a node hopeless after
 * MAX_RECLAIM_RETRIES fruitless runs.
 *
 * <p>Timing: wakeup_kswapd makes kswapd runnable; it runs when the operation that woke it returns
 * ({@link #runKswapd}, from the kernel's scheduling point), and its short sleep of HZ/10 always
 * times out, as nothing else runs in between.
 */
public final class Vmscan implements Reclaim {
    /** DEF_PRIORITY: the first scan priority; each pass scans lru_size >> priority pages. */
    private static final int DEF_PRIORITY = 12;
    private static final int MAX_NR_ZONES = PglistData.MAX_NR_ZONES;

    private final PglistData node;
    private final Trace trace;

    public Vmscan(PglistData node, Trace trace) {
        this.node = node;
        this.trace = trace;
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
     * is balanced again at once.
     *
     * <p>Context: a scheduling point between operations. Does nothing while kswapd sleeps.
     */
    public void runKswapd() {
        if (node.kswapdSleeping()) {
            return;
        }
        int highest = node.kswapdLastHighestZoneidx();
        trace.enter(VmscanEvents.KSWAPD, kswapdHighestZoneidx(highest), node.kswapdOrder());
        int runs = 0;
        boolean asleep = false;
        while (!asleep) {
            if (runs > PglistData.MAX_RECLAIM_RETRIES + 1) {
                throw new IllegalStateException("kswapd balanced node " + node.nodeId() + " " + runs
                        + " times without going to sleep or giving up");
            }
            int allocOrder = node.kswapdOrder();
            highest = kswapdHighestZoneidx(highest);
            node.setKswapdOrder(0);
            node.setKswapdHighestZoneidx(MAX_NR_ZONES);
            int reclaimOrder = balancePgdat(allocOrder, highest);
            runs++;
            if (reclaimOrder >= allocOrder) {
                // The loop's top: the orders come from the wakeups that arrived meanwhile (none here).
                allocOrder = node.kswapdOrder();
                reclaimOrder = allocOrder;
                highest = kswapdHighestZoneidx(highest);
            }
            // kswapd()'s local survives the sleep; kept before the sleep's event reports it.
            node.setKswapdLastHighestZoneidx(highest);
            asleep = kswapdTryToSleep(allocOrder, reclaimOrder, highest);
        }
        trace.exit(runs);
    }

    /** kswapd_highest_zoneidx: the wakers' zone index, or the last one when no waker set one. */
    private int kswapdHighestZoneidx(int previous) {
        int curr = node.kswapdHighestZoneidx();
        return curr == MAX_NR_ZONES ? previous : curr;
    }

    /**
     * balance_pgdat: reclaims at falling priorities until a zone the request may use is balanced.
     * A boosted node first reclaims only to repay the boost; an unbalanced one forgets the boost
     * and reclaims for real. At the end the boost it found is taken off (kswapd's decay of
     * watermark_boost) and kcompactd is woken.
     *
     * @return the order balancing finished at
     */
    private int balancePgdat(int order, int highestZoneidx) {
        trace.enter(VmscanEvents.BALANCE_PGDAT, highestZoneidx, order);
        node.countVmEvents(VmEvent.PAGEOUTRUN, 1);
        long[] zoneBoosts = new long[MAX_NR_ZONES];
        long nrBoostReclaim = 0;
        for (int i = 0; i <= highestZoneidx; i++) {
            Zone z = node.zone(i);
            if (z.managedPages() > 0) {
                nrBoostReclaim += z.watermarkBoost();
                zoneBoosts[i] = z.watermarkBoost();
            }
        }
        boolean boosted = nrBoostReclaim != 0;
        long nrReclaimed = 0;
        boolean wasBalanced = false;
        setReclaimActive(highestZoneidx, true);
        int priority = DEF_PRIORITY;
        while (priority >= 1) {
            boolean balanced = pgdatBalanced(order, highestZoneidx);
            if (!balanced && nrBoostReclaim != 0) {
                // restart: an unbalanced node forgets the boost and reclaims for real.
                nrBoostReclaim = 0;
                priority = DEF_PRIORITY;
                continue;
            }
            if (nrBoostReclaim == 0 && balanced) {
                wasBalanced = true;
                break;
            }
            long reclaimed = shrinkNode(priority);
            nrReclaimed += reclaimed;
            nrBoostReclaim -= Math.min(nrBoostReclaim, reclaimed);
            if (nrBoostReclaim != 0 && reclaimed == 0) {
                // A boost that reclaims nothing is not pursued: no writeback or swap for it.
                break;
            }
            // Scanning nothing never reaches nr_to_reclaim, so the priority always rises.
            priority--;
        }
        if (!wasBalanced && nrReclaimed == 0) {
            node.setKswapdFailures(node.kswapdFailures() + 1);
            trace.point(VmscanEvents.KSWAPD_FAILED, node.kswapdFailures());
        }
        setReclaimActive(highestZoneidx, false);
        if (boosted) {
            for (int i = 0; i <= highestZoneidx; i++) {
                if (zoneBoosts[i] != 0) {
                    Zone z = node.zone(i);
                    z.setWatermarkBoost(z.watermarkBoost() - Math.min(z.watermarkBoost(), zoneBoosts[i]));
                    trace.point(VmscanEvents.UNBOOST_WATERMARK, i, (int) z.watermarkBoost());
                }
            }
            wakeupKcompactd(MemMap.PAGEBLOCK_ORDER, highestZoneidx);
        }
        trace.exit(order);
        return order;
    }

    /**
     * shrink_node at one priority: ages and shrinks the node's LRU lists. There are none yet, so
     * it reclaims nothing.
     */
    private long shrinkNode(int priority) {
        trace.point(VmscanEvents.SHRINK_NODE, priority, 0);
        return 0;
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
            node.setKswapdSleeping(true);
        } else {
            // Not even the short sleep: no wakeup cut one short, so it is the high watermark's count.
            node.countVmEvents(VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
        }
        trace.point(VmscanEvents.KSWAPD_SLEEP, highestZoneidx, reclaimOrder, canSleep ? 1 : 0);
        return canSleep;
    }

    /** prepare_kswapd_sleep: the node is hopeless, or balanced for this order and zone index. */
    private boolean prepareKswapdSleep(int order, int highestZoneidx) {
        return node.kswapdFailures() >= PglistData.MAX_RECLAIM_RETRIES || pgdatBalanced(order, highestZoneidx);
    }

    /** wakeup_kcompactd: compaction is not modelled, so the wakeup is only recorded; order 0 does nothing. */
    private void wakeupKcompactd(int order, int highestZoneidx) {
        if (order > 0) {
            trace.point(CompactionEvents.WAKEUP_KCOMPACTD, highestZoneidx, order);
        }
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
     * try_to_free_pages: direct reclaim by the allocating task. No page is on an LRU list yet,
     * so it reclaims nothing.
     */
    @Override
    public long tryToFreePages(int gfp, int order, int highestZoneidx) {
        // do_try_to_free_pages counts an allocation stall per pass over the zonelist; a pass that
        // reclaims nothing is made once more with memcg_full_walk, so a fruitless call counts two.
        node.countVmEvents(VmEvent.forZone(VmEvent.ALLOCSTALL_DMA, highestZoneidx), 2);
        trace.point(VmscanEvents.TRY_TO_FREE_PAGES, order, gfp, 0);
        return 0;
    }
}
