package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneStat;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import java.util.List;
import java.util.Locale;

/**
 * /proc/zoneinfo (mm/vmstat.c: zoneinfo_show_print) in the layout of a 6.18 kernel with NUMA:
 * every zone, the node's stats before its first populated zone, the watermarks, protection
 * (lowmem_reserve), the zone counters and the per-cpu pagesets.
 *
 * <p>The per-zone LRU counters (nr_zone_inactive_anon... nr_zone_unevictable) are the lruvec's
 * per-zone counts; nr_zone_write_pending and nr_mlock are the zone's own counters (/proc/vmstat
 * prints their sums). nr_zspages and nr_free_cma print 0: no zsmalloc, no CMA. The pagesets
 * print each CPU's per_cpu_pages as it is: count, the current (self-tuning) high, batch, high_min
 * and high_max.
 */
final class Zoneinfo {
    /** The zone_stat_name() items after the {@link ZoneStat} counters, 0 per zone (see above). */
    static final List<String> ZONE_STATS_UNMODELLED = List.of("nr_zspages", "nr_free_cma");

    private Zoneinfo() {
    }

    static String render(Kernel k) {
        PglistData node = k.node();
        StringBuilder sb = new StringBuilder();
        Zone firstPopulated = node.zones().stream().filter(Zone::isPopulated).findFirst().orElse(null);
        for (Zone z : node.zones()) {
            sb.append(String.format(Locale.ROOT, "Node %d, zone %8s", node.nodeId(), z.name()));
            if (z == firstPopulated) {
                sb.append("\n  per-node stats");
                NodeStats.of(node).forEach((name, value) -> stat(sb, name, value));
            }
            sb.append(String.format(Locale.ROOT, "\n  pages free     %d", z.freePages()));
            sb.append(String.format(Locale.ROOT, "\n        boost    %d", z.watermarkBoost()));
            for (Watermark w : Watermark.values()) {
                sb.append(String.format(Locale.ROOT, "\n        %-8s %d", w.kernelName(), z.watermark(w)));
            }
            sb.append(String.format(Locale.ROOT, "\n        spanned  %d", z.spannedPages()));
            sb.append(String.format(Locale.ROOT, "\n        present  %d", z.presentPages()));
            sb.append(String.format(Locale.ROOT, "\n        managed  %d", z.managedPages()));
            sb.append(String.format(Locale.ROOT, "\n        cma      %d", 0));
            sb.append(String.format(Locale.ROOT, "\n        protection: (%d", z.lowmemReserve(0)));
            for (int i = 1; i < ZoneType.COUNT; i++) {
                sb.append(String.format(Locale.ROOT, ", %d", z.lowmemReserve(i)));
            }
            sb.append(')');
            if (!z.isPopulated()) {
                sb.append('\n');
                continue;
            }
            stat(sb, "nr_free_pages", z.freePages());
            stat(sb, "nr_free_pages_blocks", z.freePagesInWholeBlocks());
            for (LruList l : LruList.values()) {
                stat(sb, "nr_zone_" + l.kernelName(), node.lruvec().zoneSize(l, z.index()));
            }
            for (ZoneStat item : ZoneStat.values()) {
                stat(sb, item.vmstatName(), z.stat(item));
            }
            for (String name : ZONE_STATS_UNMODELLED) {
                stat(sb, name, 0);
            }
            stat(sb, "numa_hit", z.numaHit());
            stat(sb, "numa_miss", 0);
            stat(sb, "numa_foreign", 0);
            stat(sb, "numa_interleave", 0);
            stat(sb, "numa_local", z.numaHit());
            stat(sb, "numa_other", 0);
            pagesets(sb, k, z);
            sb.append(String.format(Locale.ROOT, "\n  node_unreclaimable:  %d",
                    node.kswapdFailures() >= PglistData.MAX_RECLAIM_RETRIES ? 1 : 0));
            sb.append(String.format(Locale.ROOT, "\n  start_pfn:           %d", z.zoneStartPfn()));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void pagesets(StringBuilder sb, Kernel k, Zone z) {
        int cpus = k.config().cpus();
        sb.append("\n  pagesets");
        for (int cpu = 0; cpu < cpus; cpu++) {
            PerCpuPages pcp = z.pcp(cpu);
            sb.append(String.format(Locale.ROOT, "\n    cpu: %d", cpu));
            sb.append(String.format(Locale.ROOT, "\n              count:    %d", pcp.count));
            sb.append(String.format(Locale.ROOT, "\n              high:     %d", pcp.high));
            sb.append(String.format(Locale.ROOT, "\n              batch:    %d", pcp.batch));
            sb.append(String.format(Locale.ROOT, "\n              high_min: %d", pcp.highMin));
            sb.append(String.format(Locale.ROOT, "\n              high_max: %d", pcp.highMax));
            sb.append(String.format(Locale.ROOT, "\n  vm stats threshold: %d", statThreshold(z, cpus)));
        }
    }

    /**
     * mm/vmstat.c: calculate_normal_threshold — per-cpu counter drift allowed before folding,
     * growing with CPUs and zone size (in 128 MiB units), at most 125.
     */
    private static int statThreshold(Zone z, int cpus) {
        long mem = z.managedPages() >> (27 - 12);
        return Math.min(125, 2 * fls(cpus) * (1 + fls(mem)));
    }

    /** include/asm-generic/bitops/fls.h: the 1-based index of the highest set bit, 0 for 0. */
    private static int fls(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    private static void stat(StringBuilder sb, String name, long value) {
        sb.append(String.format(Locale.ROOT, "\n      %-12s %d", name, value));
    }
}
