package dev.folioscope.kernel.pagealloc;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.page.MemMap;

/**
 * The per-zone reserves the allocator checks against, computed as mm/page_alloc.c does at boot
 * (init_per_zone_wmark_min) and whenever a vm sysctl changes: min_free_kbytes, the min/low/high/
 * promo watermarks, lowmem_reserve, and the per-cpu pageset batch and high limits.
 *
 * <p>6.18 differs from 6.12 in one place, and the 6.18 machine wins: lowmem_reserve towards an
 * upper zone with no managed pages is the cumulative count, not 0 (a 6.18 zoneinfo shows
 * protection 3659 towards the empty Movable and Device zones).
 */
public final class ZoneWatermarks {
    private static final int SWAP_CLUSTER_MAX = 32;
    private static final int MIN_PERCPU_PAGELIST_HIGH_FRACTION = 8;

    private ZoneWatermarks() {
    }

    /**
     * Sets every zone's watermarks and lowmem_reserve. With vm.min_free_kbytes configured, this is
     * the sysctl write (min_free_kbytes_sysctl_handler: the value is taken as given). Otherwise it
     * is boot: init_per_zone_wmark_min, then khugepaged's set_recommended_min_free_kbytes when THP
     * is enabled.
     *
     * @return the resulting vm.min_free_kbytes
     */
    public static int initPerZoneWmarkMin(PglistData node, MachineConfig config) {
        MachineConfig.Sysctl sysctl = config.sysctl();
        int minFreeKbytes = sysctl.minFreeKbytes() != null ? sysctl.minFreeKbytes() : calculateMinFreeKbytes(node);
        setupPerZoneWmarks(node, minFreeKbytes, config);
        setupPerZoneLowmemReserve(node, sysctl.lowmemReserveRatio());
        if (sysctl.minFreeKbytes() == null && config.thp() != MachineConfig.ThpMode.NEVER) {
            long recommended = recommendedMinFreeKbytes(node);
            if (recommended > minFreeKbytes) {
                minFreeKbytes = (int) recommended;
                setupPerZoneWmarks(node, minFreeKbytes, config);
            }
        }
        return minFreeKbytes;
    }

    /** mm/page_alloc.c: setup_per_zone_wmarks — the watermarks, then the pagesets sized from them. */
    private static void setupPerZoneWmarks(PglistData node, int minFreeKbytes, MachineConfig config) {
        setupPerZoneWmarks(node, minFreeKbytes, config.sysctl().watermarkScaleFactor());
        zonePcpUpdate(node, config.cpus(), config.sysctl().percpuPagelistHighFraction());
    }

    /** mm/page_alloc.c: calculate_min_free_kbytes — sqrt(16 x lowmem KiB), clamped to [128, 262144]. */
    static int calculateMinFreeKbytes(PglistData node) {
        long lowmemKbytes = nrFreeBufferPages(node) * (MachineConfig.PAGE_SIZE >> 10);
        return (int) Math.clamp(intSqrt(lowmemKbytes * 16), 128, 262144);
    }

    /**
     * mm/page_alloc.c: nr_free_buffer_pages — managed pages above the high watermark in the zones a
     * GFP_USER allocation may use.
     */
    static long nrFreeBufferPages(PglistData node) {
        long sum = 0;
        for (int i = 0; i < node.zonelistLength(); i++) {
            Zone z = node.zonelistZone(i);
            if (z.index() <= Gfp.gfpZone(Gfp.GFP_USER) && z.managedPages() > z.watermark(Watermark.HIGH)) {
                sum += z.managedPages() - z.watermark(Watermark.HIGH);
            }
        }
        return sum;
    }

    /**
     * mm/khugepaged.c: set_recommended_min_free_kbytes — two free pageblocks per zone plus room
     * for fallbacks between the three pcp migratetypes, capped at 5% of lowmem.
     */
    static long recommendedMinFreeKbytes(PglistData node) {
        long nrZones = node.zones().stream()
                .filter(z -> z.isPopulated() && z.index() <= Gfp.gfpZone(Gfp.GFP_USER)).count();
        long pages = (long) MemMap.PAGEBLOCK_NR_PAGES * nrZones * 2
                + (long) MemMap.PAGEBLOCK_NR_PAGES * nrZones * MigrateType.PCPTYPES * MigrateType.PCPTYPES;
        pages = Math.min(pages, nrFreeBufferPages(node) / 20);
        return pages << 2;
    }

    /** mm/page_alloc.c: __setup_per_zone_wmarks. */
    static void setupPerZoneWmarks(PglistData node, int minFreeKbytes, int watermarkScaleFactor) {
        long pagesMin = minFreeKbytes >> 2;
        long lowmemPages = 0;
        for (Zone z : node.zones()) {
            if (z.type() != ZoneType.MOVABLE) {
                lowmemPages += z.managedPages();
            }
        }
        for (Zone z : node.zones()) {
            long tmp = lowmemPages == 0 ? 0 : pagesMin * z.managedPages() / lowmemPages;
            long min;
            if (z.type() == ZoneType.MOVABLE) {
                // Movable has no lowmem to protect; it only needs a small min for __GFP_HIGH.
                min = Math.clamp(z.managedPages() / 1024, SWAP_CLUSTER_MAX, 128);
            } else {
                min = tmp;
            }
            long delta = Math.max(tmp >> 2, multFrac(z.managedPages(), watermarkScaleFactor, 10000));
            z.setWatermark(Watermark.MIN, min);
            z.setWatermark(Watermark.LOW, min + delta);
            z.setWatermark(Watermark.HIGH, min + 2 * delta);
            z.setWatermark(Watermark.PROMO, min + 3 * delta);
            z.setWatermarkBoost(0);
        }
    }

    /**
     * mm/page_alloc.c: setup_per_zone_lowmem_reserve — pages a lower zone keeps back from an
     * allocation that could have been served by a higher zone: the managed pages of the zones in
     * between divided by the lower zone's ratio.
     */
    static void setupPerZoneLowmemReserve(PglistData node, java.util.List<Integer> ratios) {
        for (int i = 0; i < ZoneType.COUNT - 1; i++) {
            Zone zone = node.zone(i);
            int ratio = ratios.get(i);
            boolean clear = ratio == 0 || zone.managedPages() == 0;
            long managed = 0;
            for (int j = i + 1; j < ZoneType.COUNT; j++) {
                managed += node.zone(j).managedPages();
                zone.setLowmemReserve(j, clear ? 0 : managed / ratio);
            }
        }
    }

    /**
     * mm/page_alloc.c: setup_per_zone_wmarks' tail, zone_pcp_update for every zone: resizes the
     * per-CPU pagesets to the watermarks just computed (zone_set_pageset_high_and_batch).
     */
    static void zonePcpUpdate(PglistData node, int cpus, int highFraction) {
        for (Zone z : node.zones()) {
            int batch = zoneBatchsize(z);
            int highMin;
            int highMax;
            if (highFraction != 0) {
                // percpu_pagelist_high_fraction set: high is fixed, not auto-tuned.
                highMin = zoneHighsize(z, batch, cpus, highFraction);
                highMax = highMin;
            } else {
                highMin = zoneHighsize(z, batch, cpus, 0);
                highMax = zoneHighsize(z, batch, cpus, MIN_PERCPU_PAGELIST_HIGH_FRACTION);
            }
            z.setPagesetHighAndBatch(highMin, highMax, batch);
        }
    }

    /** mm/page_alloc.c: zone_batchsize, made at least 1 as zone_set_pageset_high_and_batch does. */
    static int zoneBatchsize(Zone z) {
        long batch = Math.min(z.managedPages() >> 10, (1 << 20) / MachineConfig.PAGE_SIZE) / 4;
        batch = Math.max(batch, 1);
        batch = Long.highestOneBit(batch + batch / 2) - 1;
        return (int) Math.max(1, batch);
    }

    /**
     * mm/page_alloc.c: zone_highsize — the low watermark (or managed pages / fraction) split over
     * the node's CPUs, at least 4 batches.
     */
    static int zoneHighsize(Zone z, int batch, int cpus, int highFraction) {
        long total = highFraction == 0 ? z.watermark(Watermark.LOW) : z.managedPages() / highFraction;
        return (int) Math.max(total / cpus, (long) batch << 2);
    }

    /**
     * __zone_watermark_unusable_free: pages a request may not count as free — the tail of the
     * block it asks for, and the free high-atomic reserve unless it may use reserves.
     */
    static long unusableFree(Zone z, int order, int allocFlags) {
        long unusable = (1L << order) - 1;
        if ((allocFlags & AllocFlags.ALLOC_RESERVES) == 0) {
            unusable += z.nrFreeHighatomic();
        }
        return unusable;
    }

    /**
     * mm/page_alloc.c: __zone_watermark_ok — enough usable free pages above the mark (less the
     * reserves' discounts) plus the lowmem reserve towards the request's highest zone, and for
     * order &gt; 0 a free block of at least that order the request may take.
     */
    public static boolean zoneWatermarkOk(Zone z, int order, long mark, int highestZoneidx, int allocFlags,
            long freePages) {
        long free = freePages - unusableFree(z, order, allocFlags);
        if (free <= reserveMin(mark, allocFlags) + z.lowmemReserve(highestZoneidx)) {
            return false;
        }
        return order == 0 || hasFreeBlock(z, order, allocFlags);
    }

    /** The mark less what the request's rights to the reserves take off it (__GFP_HIGH, atomic, OOM victim). */
    private static long reserveMin(long mark, int allocFlags) {
        long min = mark;
        if ((allocFlags & AllocFlags.ALLOC_RESERVES) != 0) {
            if ((allocFlags & AllocFlags.ALLOC_MIN_RESERVE) != 0) {
                min -= min / 2;
                if ((allocFlags & AllocFlags.ALLOC_NON_BLOCK) != 0) {
                    min -= min / 4;
                }
            }
            if ((allocFlags & AllocFlags.ALLOC_OOM) != 0) {
                min -= min / 2;
            }
        }
        return min;
    }

    /**
     * The numbers __zone_watermark_ok compares, for the debugger to show: NR_FREE_PAGES less the
     * unusable pages must exceed the (discounted) mark plus the lowmem reserve, and for order &gt; 0
     * a block must be free.
     *
     * @param unusable the order's tail plus {@code highatomic}, the free high-atomic reserve when
     *     the request has no right to it
     */
    public record Check(long freePages, long unusable, long highatomic, long min, long lowmemReserve,
            boolean blockFree, boolean ok) {
    }

    /** __zone_watermark_ok, spelled out (see {@link #zoneWatermarkOk}). */
    public static Check explain(Zone z, int order, long mark, int highestZoneidx, int allocFlags) {
        long unusable = unusableFree(z, order, allocFlags);
        long min = reserveMin(mark, allocFlags);
        long reserve = z.lowmemReserve(highestZoneidx);
        boolean block = order == 0 || hasFreeBlock(z, order, allocFlags);
        return new Check(z.freePages(), unusable, unusable - ((1L << order) - 1), min, reserve, block,
                z.freePages() - unusable > min + reserve && block);
    }

    /** The high-order part of __zone_watermark_ok: a non-empty list the request may use. */
    static boolean hasFreeBlock(Zone z, int order, int allocFlags) {
        for (int o = order; o < Zone.NR_PAGE_ORDERS; o++) {
            if (z.nrFree(o) == 0) {
                continue;
            }
            for (int mt = 0; mt < MigrateType.PCPTYPES; mt++) {
                if (z.freeListHead(o, mt) != MemMap.NO_PFN) {
                    return true;
                }
            }
            if ((allocFlags & (AllocFlags.ALLOC_HIGHATOMIC | AllocFlags.ALLOC_OOM)) != 0
                    && z.freeListHead(o, MigrateType.HIGHATOMIC.ordinal()) != MemMap.NO_PFN) {
                return true;
            }
        }
        return false;
    }

    /** include/linux/math.h: mult_frac, x * n / d without overflowing the product. */
    static long multFrac(long x, long n, long d) {
        return (x / d) * n + ((x % d) * n) / d;
    }

    /** lib/math/int_sqrt.c: the integer square root, rounded down. */
    public static long intSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }
}
