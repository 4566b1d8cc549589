package dev.folioscope.kernel.pagealloc;

import static dev.folioscope.kernel.mmzone.PerCpuPages.PCPF_FREE_HIGH_BATCH;
import static dev.folioscope.kernel.mmzone.PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER;
import static dev.folioscope.kernel.mmzone.PerCpuPages.PCP_BATCH_SCALE_MAX;

import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/page_alloc.c, the per-CPU page lists ("pcp"): allocations of the orders they cache take the
 * first block of the CPU's list for that order and migratetype, refilling an empty list from the
 * buddy lists in a batch (rmqueue_pcplist, nr_pcp_alloc, rmqueue_bulk); frees go to the head of
 * the list (free_frozen_page_commit), and once the pageset holds {@code high} pages a batch of the
 * coldest blocks returns to the buddy lists (nr_pcp_high, nr_pcp_free, free_pcppages_bulk).
 * {@code high} tunes itself between high_min and high_max (6.7+), and the vmstat worker decays it
 * once a second (decay_pcp_high).
 *
 * <p>Rules kept at every event: a block on a pcp list is not PageBuddy and has refcount 0;
 * {@code pcp->count} is the sum of the pages on its lists; blocks on pcp lists are not counted in
 * NR_FREE_PAGES. The model assumes a CPU cache slice of more than three batches, so that
 * PCPF_FREE_HIGH_BATCH is set (see {@link PerCpuPages#flags}), as on the 6.18 development machines.
 */
final class PcpLists {
    private final MemMap mem;
    private final PglistData node;
    private final Trace trace;
    private final Buddy buddy;

    PcpLists(MemMap mem, PglistData node, Trace trace, Buddy buddy) {
        this.mem = mem;
        this.node = node;
        this.trace = trace;
        this.buddy = buddy;
    }

    /**
     * rmqueue_pcplist: the first block of the list for this order and migratetype on this CPU,
     * refilled from the buddy lists when empty; counts the allocation (zone_statistics).
     *
     * @return the pfn, or {@link Buddy#NO_PAGE} when the buddy lists could not refill the list
     */
    int rmqueuePcplist(Zone zone, int order, int mt, int allocFlags, int cpu) {
        PerCpuPages pcp = zone.pcp(cpu);
        trace.enter(PageAllocEvents.RMQUEUE_PCPLIST, zone.index(), order, mt);
        // On allocation, shorten the batch the next frees will return (see nr_pcp_free).
        pcp.freeCount >>= 1;
        int pindex = PerCpuPages.pindex(mt, order);
        int pfn = Buddy.NO_PAGE;
        if (pcp.isEmpty(pindex)) {
            int batch = nrPcpAlloc(pcp, zone, order);
            trace.point(PageAllocEvents.NR_PCP_ALLOC, zone.index(), order, mt, batch, pcp.high);
            rmqueueBulk(zone, order, batch, pcp, pindex, mt, allocFlags);
        }
        if (!pcp.isEmpty(pindex)) {
            pfn = pcp.first(pindex);
            pcp.unlink(mem, pindex, pfn);
            pcp.count -= 1 << order;
            zone.countNumaHit();
            node.countVmEvents(VmEvent.forZone(VmEvent.PGALLOC_DMA, zone.index()), 1L << order); // rmqueue_pcplist
            trace.point(PageAllocEvents.PCP_LIST_DEL, zone.index(), pfn, order, mt, pcp.count);
        }
        trace.exit(pfn);
        return pfn;
    }

    /**
     * nr_pcp_alloc: how many blocks to take from the buddy lists into an empty list. For order 0
     * the batch doubles with each refill that has no free in between (alloc_factor), within the
     * room left under high; a pageset that is not below high grows its high by the batch.
     */
    private static int nrPcpAlloc(PerCpuPages pcp, Zone zone, int order) {
        int baseBatch = pcp.batch;
        int high = pcp.high = clamp(pcp.high, pcp.highMin, pcp.highMax);
        if (high < baseBatch) {
            // PCP disabled or the boot pageset: one block at a time.
            return 1;
        }
        int batch = order == 0 ? baseBatch << pcp.allocFactor : baseBatch;
        if (pcp.highMin != pcp.highMax && !zone.testFlag(Zone.ZONE_BELOW_HIGH)) {
            high = pcp.high = Math.min(high + batch, pcp.highMax);
        }
        if (order == 0) {
            int maxNrAlloc = Math.max(high - pcp.count - baseBatch, baseBatch);
            if (batch <= maxNrAlloc && pcp.allocFactor < PCP_BATCH_SCALE_MAX) {
                pcp.allocFactor++;
            }
            batch = Math.min(batch, maxNrAlloc);
        }
        if (batch > 1) {
            batch = Math.max(batch >> order, 2);
        }
        return batch;
    }

    /**
     * rmqueue_bulk: up to {@code count} blocks from the buddy lists (__rmqueue, remembering which
     * fallback worked), each added at the tail so the list stays in pfn order.
     *
     * @return blocks taken
     */
    private int rmqueueBulk(Zone zone, int order, int count, PerCpuPages pcp, int pindex, int mt, int allocFlags) {
        trace.enter(PageAllocEvents.RMQUEUE_BULK, zone.index(), order, mt, count);
        Buddy.RmqueueMode mode = new Buddy.RmqueueMode();
        int taken = 0;
        while (taken < count) {
            int pfn = buddy.rmqueue(zone, order, mt, allocFlags, mode);
            if (pfn == Buddy.NO_PAGE) {
                break;
            }
            pcp.link(mem, pindex, pfn, true);
            pcp.count += 1 << order;
            trace.point(PageAllocEvents.PCP_LIST_ADD, zone.index(), pfn, order, mt, 1, pcp.count);
            taken++;
        }
        trace.exit(taken);
        return taken;
    }

    /**
     * free_frozen_page_commit: the freed block goes to the head of its list (hot pages are reused
     * first); once the pageset holds high pages, a batch of the coldest goes back to the buddy
     * lists, and a zone that is back above its high watermark loses ZONE_BELOW_HIGH.
     *
     * @param mt the list's migratetype: the pageblock's, with HighAtomic on the Movable list
     */
    void freeFrozenPageCommit(Zone zone, int pfn, int mt, int order, int cpu) {
        PerCpuPages pcp = zone.pcp(cpu);
        // On freeing, shorten the batch the next refill takes (see nr_pcp_alloc).
        pcp.allocFactor >>= 1;
        int pindex = PerCpuPages.pindex(mt, order);
        int batch = pcp.batch;
        boolean freeHigh = false;
        if (order > 0 && order <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER) {
            // Decided with the count that includes this block, which is listed first below.
            freeHigh = pcp.freeCount >= batch + pcp.highMin / 2 && (pcp.flags & PCPF_PREV_FREE_HIGH_ORDER) != 0
                    && ((pcp.flags & PCPF_FREE_HIGH_BATCH) == 0 || pcp.count + (1 << order) >= batch);
            pcp.flags |= PCPF_PREV_FREE_HIGH_ORDER;
        } else {
            pcp.flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
        }
        trace.enter(PageAllocEvents.FREE_FROZEN_PAGE_COMMIT, zone.index(), pfn, order, mt, freeHigh ? 1 : 0);
        node.countVmEvents(VmEvent.PGFREE, 1L << order); // free_frozen_page_commit
        pcp.link(mem, pindex, pfn, false);
        pcp.count += 1 << order;
        if (pcp.freeCount < batch << PCP_BATCH_SCALE_MAX) {
            pcp.freeCount += 1 << order;
        }
        int high = nrPcpHigh(pcp, zone, batch, freeHigh);
        // Reported after free_count and high moved too (all under the pcp lock), so that no change
        // of this free comes after its last event.
        trace.point(PageAllocEvents.PCP_LIST_ADD, zone.index(), pfn, order, mt, 0, pcp.count);
        if (pcp.count >= high) {
            freePcppagesBulk(zone, nrPcpFree(pcp, batch, high, freeHigh), pcp, pindex);
            if (zone.testFlag(Zone.ZONE_BELOW_HIGH) && ZoneWatermarks.zoneWatermarkOk(zone, 0,
                    zone.watermark(Watermark.HIGH), ZoneType.MOVABLE.ordinal(), 0, zone.freePages())) {
                zone.clearFlag(Zone.ZONE_BELOW_HIGH, trace);
            }
        }
        trace.exit(high);
    }

    /**
     * nr_pcp_high: the count at which this free starts returning pages. While kswapd reclaims or
     * the zone is below its high watermark, high shrinks by the pages freed in a row; otherwise it
     * grows so the pageset can hold a run of frees.
     */
    private static int nrPcpHigh(PerCpuPages pcp, Zone zone, int batch, boolean freeHigh) {
        int highMin = pcp.highMin;
        int highMax = pcp.highMax;
        int high = pcp.high = clamp(pcp.high, highMin, highMax);
        if (high == 0) {
            return 0;
        }
        if (freeHigh) {
            pcp.high = Math.max(high - (batch << PCP_BATCH_SCALE_MAX), highMin);
            return 0;
        }
        if (zone.testFlag(Zone.ZONE_RECLAIM_ACTIVE)) {
            int freeCount = Math.max(pcp.freeCount, batch);
            pcp.high = Math.max(high - freeCount, highMin);
            return Math.min(batch << 2, pcp.high);
        }
        if (highMin == highMax) {
            return high;
        }
        if (zone.testFlag(Zone.ZONE_BELOW_HIGH)) {
            int freeCount = Math.max(pcp.freeCount, batch);
            pcp.high = Math.max(high - freeCount, highMin);
            high = Math.max(pcp.count, highMin);
        } else if (pcp.count >= high) {
            int needHigh = pcp.freeCount + batch;
            if (pcp.high < needHigh) {
                pcp.high = clamp(needHigh, highMin, highMax);
            }
        }
        return high;
    }

    /**
     * nr_pcp_free: pages to return — all up to 32 batches in a high-order batch, otherwise the
     * pages freed in a row, at least a batch and leaving at least a batch.
     */
    private static int nrPcpFree(PerCpuPages pcp, int batch, int high, boolean freeHigh) {
        if (freeHigh) {
            return Math.min(pcp.count, batch << PCP_BATCH_SCALE_MAX);
        }
        if (high < batch) {
            return 1;
        }
        return clamp(pcp.freeCount, batch, high - batch);
    }

    /**
     * include/linux/minmax.h: clamp, which tests the upper bound first, so that it wins when the
     * bounds cross (a high_min above high_max, or high below two batches).
     */
    static int clamp(int val, int lo, int hi) {
        return val >= hi ? hi : val <= lo ? lo : val;
    }

    /**
     * free_pcppages_bulk: returns at least {@code count} pages to the buddy lists, starting with
     * the list just freed to and going round the non-empty lists, each from its tail (the coldest
     * block), freeing each block with its pageblock's migratetype.
     */
    private int freePcppagesBulk(Zone zone, int count, PerCpuPages pcp, int startPindex) {
        count = Math.min(pcp.count, count);
        trace.enter(PageAllocEvents.FREE_PCPPAGES_BULK, zone.index(), count);
        int freed = 0;
        int pindex = startPindex - 1;
        while (count > 0) {
            do {
                if (++pindex > PerCpuPages.NR_PCP_LISTS - 1) {
                    pindex = 0;
                }
            } while (pcp.isEmpty(pindex));
            int order = PerCpuPages.pindexOrder(pindex);
            do {
                int pfn = pcp.last(pindex);
                int mt = mem.pageblockMigratetype(pfn);
                pcp.unlink(mem, pindex, pfn);
                count -= 1 << order;
                pcp.count -= 1 << order;
                freed += 1 << order;
                trace.point(PageAllocEvents.PCP_LIST_DEL, zone.index(), pfn, order, PerCpuPages.pindexMigratetype(pindex), pcp.count);
                buddy.freeOneBlock(zone, pfn, order, mt, false);
            } while (count > 0 && !pcp.isEmpty(pindex));
        }
        trace.exit(freed);
        return freed;
    }

    /**
     * decay_pcp_high, from the vmstat worker every second: high falls by an eighth towards
     * high_min (never below count minus 32 batches), and what lies above it goes back.
     *
     * @return 1 for each kind of work still to do (high above high_min, pages returned)
     */
    int decayPcpHigh(Zone zone, int cpu) {
        PerCpuPages pcp = zone.pcp(cpu);
        int todo = 0;
        if (pcp.high > pcp.highMin) {
            pcp.high = Math.max(Math.max(pcp.count - (pcp.batch << PCP_BATCH_SCALE_MAX), pcp.high - (pcp.high >> 3)),
                    pcp.highMin);
            if (pcp.high > pcp.highMin) {
                todo++;
            }
        }
        trace.enter(PageAllocEvents.DECAY_PCP_HIGH, zone.index(), pcp.high);
        int toDrain = pcp.count - pcp.high;
        if (toDrain > 0) {
            freePcppagesBulk(zone, toDrain, pcp, 0);
            todo++;
        }
        trace.exit(todo);
        return todo;
    }

    /**
     * drain_all_pages(NULL): every CPU whose pagesets hold pages empties them into the buddy
     * lists (drain_pages → drain_pages_zone), the calling CPU doing the work for all.
     *
     * @return pages returned
     */
    int drainAllPages() {
        trace.enter(PageAllocEvents.DRAIN_ALL_PAGES);
        int drained = 0;
        int cpus = node.zonelistLength() == 0 ? 0 : node.zonelistZone(0).pagesetCount();
        for (int cpu = 0; cpu < cpus; cpu++) {
            if (!hasPcps(cpu)) {
                continue;
            }
            trace.stampCpu(cpu);
            for (Zone z : node.zones()) {
                if (z.isPopulated()) {
                    drained += drainPagesZone(z, cpu);
                }
            }
            trace.unstampCpu();
        }
        trace.exit(drained);
        return drained;
    }

    /** The racy pcp->count check of __drain_all_pages: does this CPU cache pages in any zone? */
    private boolean hasPcps(int cpu) {
        for (Zone z : node.zones()) {
            if (z.isPopulated() && z.pcp(cpu).count > 0) {
                return true;
            }
        }
        return false;
    }

    /** drain_local_pages(zone): the running CPU's pageset of this zone into the buddy lists. */
    int drainLocalPages(Zone zone) {
        return drainPagesZone(zone, trace.cpu());
    }

    /** drain_pages_zone: returns everything, at most 32 batches per pass of free_pcppages_bulk. */
    private int drainPagesZone(Zone zone, int cpu) {
        PerCpuPages pcp = zone.pcp(cpu);
        if (pcp.count == 0) {
            return 0;
        }
        trace.enter(PageAllocEvents.DRAIN_PAGES_ZONE, zone.index(), pcp.count);
        int drained = 0;
        while (pcp.count > 0) {
            drained += freePcppagesBulk(zone, Math.min(pcp.count, pcp.batch << PCP_BATCH_SCALE_MAX), pcp, 0);
        }
        trace.exit(drained);
        return drained;
    }
}
