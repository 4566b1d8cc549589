package dev.folioscope.kernel.mmzone;

import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageLists;
import dev.folioscope.kernel.trace.MmzoneEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * struct zone: a range of pfns with its own watermarks, lowmem reserves, buddy free lists and
 * per-CPU page lists.
 *
 * <p>The free lists are doubly linked through the pages' {@code buddy_list} links in
 * {@link MemMap}; the zone keeps each list's first and last pfn, per order and migratetype, and
 * each order's {@code nr_free} (blocks, not pages). {@code vmStatFreePages} is NR_FREE_PAGES:
 * pages on the buddy lists, not those cached on per-CPU lists.
 */
public final class Zone {
    /** MAX_PAGE_ORDER: the largest buddy block is 2^10 pages (4 MiB). */
    public static final int MAX_PAGE_ORDER = 10;
    /** NR_PAGE_ORDERS. */
    public static final int NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1;
    /** ZONE_BOOSTED_WATERMARK bit of zone->flags: a fallback boosted the watermarks; kswapd is due. */
    public static final int ZONE_BOOSTED_WATERMARK = 1;
    /** ZONE_RECLAIM_ACTIVE bit of zone->flags: kswapd may be scanning the zone. */
    public static final int ZONE_RECLAIM_ACTIVE = 1 << 1;
    /** ZONE_BELOW_HIGH bit of zone->flags: free pages were found below the high watermark. */
    public static final int ZONE_BELOW_HIGH = 1 << 2;

    /** ZONE_BOOSTED_WATERMARK and friends, by their bit in zone->flags. */
    public static String flagName(int bit) {
        return switch (bit) {
            case ZONE_BOOSTED_WATERMARK -> "ZONE_BOOSTED_WATERMARK";
            case ZONE_RECLAIM_ACTIVE -> "ZONE_RECLAIM_ACTIVE";
            case ZONE_BELOW_HIGH -> "ZONE_BELOW_HIGH";
            default -> "0x" + Integer.toHexString(bit);
        };
    }

    private final ZoneType type;
    private final int zoneStartPfn;
    private final long spannedPages;
    private final long presentPages;
    private final long managedPages;
    private final long[] watermark = new long[Watermark.COUNT];
    private long watermarkBoost;
    private final long[] lowmemReserve = new long[ZoneType.COUNT];
    private final PageLists freeLists;
    private final long[] nrFree = new long[NR_PAGE_ORDERS];
    private long vmStatFreePages;
    private long nrFreeHighatomic;
    private long nrReservedHighatomic;
    private long numaHit;
    /** vm_stat[]: the {@link ZoneStat} counters. */
    private final long[] vmStat = new long[ZoneStat.values().length];
    private int flags;
    private final PerCpuPages[] pageset;
    /** zone->pageset_high_min, pageset_high_max, pageset_batch: what every pageset was last sized to. */
    private int pagesetHighMin = PerCpuPages.BOOT_PAGESET_HIGH;
    private int pagesetHighMax = PerCpuPages.BOOT_PAGESET_HIGH;
    private int pagesetBatch = PerCpuPages.BOOT_PAGESET_BATCH;
    /** Compaction's deferral (mm/compaction.c): attempts since the last failure, the log2 of the limit, the lowest failed order. */
    private int compactConsidered;
    private int compactDeferShift;
    private int compactOrderFailed;

    /**
     * A zone as free_area_init_core leaves it: empty free lists and, when populated, one pageset
     * per CPU with the boot pageset's limits (setup_zone_pageset).
     */
    public Zone(ZoneType type, int zoneStartPfn, long spannedPages, long presentPages, long managedPages, int cpus) {
        this.type = type;
        this.zoneStartPfn = zoneStartPfn;
        this.spannedPages = spannedPages;
        this.presentPages = presentPages;
        this.managedPages = managedPages;
        freeLists = new PageLists(NR_PAGE_ORDERS * MigrateType.COUNT);
        pageset = new PerCpuPages[presentPages == 0 ? 0 : cpus];
        for (int cpu = 0; cpu < pageset.length; cpu++) {
            pageset[cpu] = new PerCpuPages();
        }
    }

    private Zone(Zone o) {
        this.type = o.type;
        this.zoneStartPfn = o.zoneStartPfn;
        this.spannedPages = o.spannedPages;
        this.presentPages = o.presentPages;
        this.managedPages = o.managedPages;
        this.pageset = new PerCpuPages[o.pageset.length];
        for (int cpu = 0; cpu < pageset.length; cpu++) {
            pageset[cpu] = o.pageset[cpu].copy();
        }
        System.arraycopy(o.watermark, 0, watermark, 0, watermark.length);
        watermarkBoost = o.watermarkBoost;
        System.arraycopy(o.lowmemReserve, 0, lowmemReserve, 0, lowmemReserve.length);
        this.freeLists = o.freeLists.copy();
        System.arraycopy(o.nrFree, 0, nrFree, 0, nrFree.length);
        vmStatFreePages = o.vmStatFreePages;
        nrFreeHighatomic = o.nrFreeHighatomic;
        nrReservedHighatomic = o.nrReservedHighatomic;
        numaHit = o.numaHit;
        System.arraycopy(o.vmStat, 0, vmStat, 0, vmStat.length);
        flags = o.flags;
        pagesetHighMin = o.pagesetHighMin;
        pagesetHighMax = o.pagesetHighMax;
        pagesetBatch = o.pagesetBatch;
        compactConsidered = o.compactConsidered;
        compactDeferShift = o.compactDeferShift;
        compactOrderFailed = o.compactOrderFailed;
    }

    /** zone->compact_considered: compaction attempts skipped since it was deferred. */
    public int compactConsidered() {
        return compactConsidered;
    }

    /** zone->compact_defer_shift: up to 1 << this many attempts are skipped after a failure. */
    public int compactDeferShift() {
        return compactDeferShift;
    }

    /** zone->compact_order_failed: the lowest order compaction failed for; lower orders are never deferred. */
    public int compactOrderFailed() {
        return compactOrderFailed;
    }

    /** Sets the three deferral fields at once; the caller reports the change. */
    public void setCompactDefer(int considered, int deferShift, int orderFailed) {
        compactConsidered = considered;
        compactDeferShift = deferShift;
        compactOrderFailed = orderFailed;
    }

    /** A deep copy; zones are small, so forking copies them whole. */
    public Zone fork() {
        return new Zone(this);
    }

    public ZoneType type() {
        return type;
    }

    public int index() {
        return type.ordinal();
    }

    public String name() {
        return type.kernelName();
    }

    public int zoneStartPfn() {
        return zoneStartPfn;
    }

    /** zone_end_pfn. */
    public long zoneEndPfn() {
        return zoneStartPfn + spannedPages;
    }

    public boolean spansPfn(long pfn) {
        return pfn >= zoneStartPfn && pfn < zoneEndPfn();
    }

    public long spannedPages() {
        return spannedPages;
    }

    public long presentPages() {
        return presentPages;
    }

    public long managedPages() {
        return managedPages;
    }

    /** populated_zone. */
    public boolean isPopulated() {
        return presentPages != 0;
    }

    /** The watermark without boost (zone->_watermark[w]). */
    public long rawWatermark(Watermark w) {
        return watermark[w.ordinal()];
    }

    /** The effective watermark, boost included (min_wmark_pages and friends). */
    public long watermark(Watermark w) {
        return watermark[w.ordinal()] + watermarkBoost;
    }

    public void setWatermark(Watermark w, long pages) {
        watermark[w.ordinal()] = pages;
    }

    public long watermarkBoost() {
        return watermarkBoost;
    }

    public void setWatermarkBoost(long pages) {
        watermarkBoost = pages;
    }

    public long lowmemReserve(int highestZoneIdx) {
        return lowmemReserve[highestZoneIdx];
    }

    public void setLowmemReserve(int zoneIdx, long pages) {
        lowmemReserve[zoneIdx] = pages;
    }

    /** zone_page_state(zone, NR_FREE_PAGES). */
    public long freePages() {
        return vmStatFreePages;
    }

    /**
     * account_freepages: NR_FREE_PAGES moves only when blocks enter or leave the buddy lists;
     * blocks on HighAtomic lists are also counted in nr_free_highatomic.
     */
    public void accountFreePages(long delta, int migratetype) {
        vmStatFreePages += delta;
        if (migratetype == MigrateType.HIGHATOMIC.ordinal()) {
            nrFreeHighatomic += delta;
        }
    }

    /** zone->nr_free_highatomic: free pages on the HighAtomic lists, which most requests may not use. */
    public long nrFreeHighatomic() {
        return nrFreeHighatomic;
    }

    /** zone->nr_reserved_highatomic: pages in pageblocks reserved for high-order atomic requests. */
    public long nrReservedHighatomic() {
        return nrReservedHighatomic;
    }

    public void setNrReservedHighatomic(long pages) {
        nrReservedHighatomic = pages;
    }

    /**
     * NUMA_HIT (and NUMA_LOCAL, which equals it on one node): allocations served by this zone for
     * the node they were meant for. zone_statistics counts allocations, not pages.
     */
    public long numaHit() {
        return numaHit;
    }

    /** zone_statistics(preferred_zone, zone, 1): one more allocation served. */
    public void countNumaHit() {
        numaHit++;
    }

    /** zone_page_state: a {@link ZoneStat} counter, in pages. */
    public long stat(ZoneStat item) {
        return vmStat[item.ordinal()];
    }

    /** mod_zone_page_state; the caller changes the page flags the counter follows, and reports them. */
    public void modStat(ZoneStat item, long delta) {
        vmStat[item.ordinal()] += delta;
    }

    /** this_cpu_ptr(zone->per_cpu_pageset): the pageset of one CPU (populated zones only). */
    public PerCpuPages pcp(int cpu) {
        return pageset[cpu];
    }

    /** The CPUs with a pageset in this zone: all of them if populated, none otherwise. */
    public int pagesetCount() {
        return pageset.length;
    }

    /**
     * zone_set_pageset_high_and_batch: sizes every CPU's pageset, unless nothing changed. The
     * pagesets' current {@code high} is left alone; it is clamped into range on next use.
     */
    public void setPagesetHighAndBatch(int highMin, int highMax, int batch) {
        if (highMin == pagesetHighMin && highMax == pagesetHighMax && batch == pagesetBatch) {
            return;
        }
        pagesetHighMin = highMin;
        pagesetHighMax = highMax;
        pagesetBatch = batch;
        for (PerCpuPages pcp : pageset) {
            pcp.batch = batch;
            pcp.highMin = highMin;
            pcp.highMax = highMax;
        }
    }

    /** free_area[order].nr_free: blocks of this order on all of its lists. */
    public long nrFree(int order) {
        return nrFree[order];
    }

    /** Blocks on free_area[order].free_list[mt] (what /proc/pagetypeinfo counts). */
    public long nrFree(int order, int mt) {
        return freeLists.length(order * MigrateType.COUNT + mt);
    }

    /** NR_FREE_PAGES_BLOCKS (6.16+): free pages in blocks of at least a pageblock. */
    public long freePagesInWholeBlocks() {
        long n = 0;
        for (int o = MemMap.PAGEBLOCK_ORDER; o < NR_PAGE_ORDERS; o++) {
            n += nrFree[o] << o;
        }
        return n;
    }

    public int freeListHead(int order, int mt) {
        return freeLists.first(order * MigrateType.COUNT + mt);
    }

    public int freeListTail(int order, int mt) {
        return freeLists.last(order * MigrateType.COUNT + mt);
    }

    /** Links a block at the head or tail of free_area[order].free_list[mt] (list_add / list_add_tail). */
    public void linkFree(MemMap mem, int pfn, int order, int mt, boolean tail) {
        freeLists.add(mem, order * MigrateType.COUNT + mt, pfn, tail);
        nrFree[order]++;
    }

    /** Unlinks a block from free_area[order].free_list[mt] (list_del). */
    public void unlinkFree(MemMap mem, int pfn, int order, int mt) {
        freeLists.del(mem, order * MigrateType.COUNT + mt, pfn);
        nrFree[order]--;
    }

    public boolean testFlag(int bit) {
        return (flags & bit) != 0;
    }

    /** set_bit on zone->flags; a ZONE_FLAG event records it only when the bit was clear. */
    public void setFlag(int bit, Trace trace) {
        if (!testFlag(bit)) {
            flags |= bit;
            trace.point(MmzoneEvents.ZONE_FLAG, index(), bit, 1);
        }
    }

    /** clear_bit on zone->flags; a ZONE_FLAG event records it only when the bit was set. */
    public void clearFlag(int bit, Trace trace) {
        if (testFlag(bit)) {
            flags &= ~bit;
            trace.point(MmzoneEvents.ZONE_FLAG, index(), bit, 0);
        }
    }

    /**
     * Folds every scalar of the zone into {@code h}. The {@link ZoneStat} counters are left out:
     * like the lruvec's per-zone counts, they follow from mem_map (the invariant checker recounts
     * them from the page flags), which the digest covers.
     */
    public long digest(long h) {
        long[] scalars = {zoneStartPfn, spannedPages, presentPages, managedPages, watermarkBoost,
                vmStatFreePages, nrFreeHighatomic, nrReservedHighatomic, numaHit, flags, pagesetHighMin,
                pagesetHighMax, pagesetBatch};
        for (long[] a : new long[][] {scalars, watermark, lowmemReserve, nrFree}) {
            for (long v : a) {
                h = (h ^ v) * 0x100000001b3L;
            }
        }
        if ((compactConsidered | compactDeferShift | compactOrderFailed) != 0) {
            // only when set, so that zones compaction never touched keep their digests
            h = (h ^ compactConsidered ^ (long) compactDeferShift << 20 ^ (long) compactOrderFailed << 40)
                    * 0x100000001b3L;
        }
        h = freeLists.digest(h);
        for (PerCpuPages pcp : pageset) {
            h = pcp.digest(h);
        }
        return h;
    }
}
