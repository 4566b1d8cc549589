package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.filemap.DirtyLimits;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneStat;

/**
 * /proc/vmstat (mm/vmstat.c: vmstat_start and vmstat_show) in 6.18's order and layout, one
 * {@code name value} line per item of vmstat_text[] that a kernel configured as the development
 * machines are prints: the zone counters summed over the zones, the NUMA counters, the node
 * counters ({@link NodeStats}), the dirty thresholds and the memmap counters, the VM events
 * ({@link VmEvent}), then the deprecated {@code nr_unstable 0} the kernel keeps for userspace.
 * Counters of mechanisms the model does not have print 0.
 */
final class ProcVmstat {
    /** vm_dirty_ratio and dirty_background_ratio at their defaults (vm.dirty_bytes and vm.dirty_background_bytes 0). */
    private static final long PAGE_SIZE = 4096;
    /** sizeof(struct page) on x86-64. */
    private static final long STRUCT_PAGE_SIZE = 64;

    private ProcVmstat() {
    }

    static String render(Kernel k) {
        PglistData node = k.node();
        StringBuilder sb = new StringBuilder();
        zoneStats(sb, k);
        long numaHit = node.zones().stream().mapToLong(Zone::numaHit).sum();
        line(sb, "numa_hit", numaHit);
        for (String zero : new String[] {"numa_miss", "numa_foreign", "numa_interleave"}) {
            line(sb, zero, 0);
        }
        // one node: every hit is local
        line(sb, "numa_local", numaHit);
        line(sb, "numa_other", 0);
        NodeStats.of(node).forEach((name, value) -> line(sb, name, value));
        DirtyLimits limits = DirtyLimits.global(node);
        line(sb, "nr_dirty_threshold", limits.thresh());
        line(sb, "nr_dirty_background_threshold", limits.bgThresh());
        // no memory hot-plug: all of mem_map was allocated at boot
        line(sb, "nr_memmap_pages", 0);
        line(sb, "nr_memmap_boot_pages", memmapBootPages(node, k.mem().nrPages()));
        for (VmEvent item : VmEvent.values()) {
            long v = node.vmEvents(item);
            // counted in sectors, printed in kB
            line(sb, item.vmstatName(), item == VmEvent.PGPGIN || item == VmEvent.PGPGOUT ? v / 2 : v);
        }
        sb.append("nr_unstable 0\n");
        return sb.toString();
    }

    /**
     * The enum zone_stat_item counters, each global_zone_page_state: summed over the zones. The
     * model keeps the LRU lists per node, each with its per-zone counts; with one node the lists'
     * lengths are those counts' sums. nr_zspages and nr_free_cma stay 0 (no zsmalloc, no CMA).
     */
    private static void zoneStats(StringBuilder sb, Kernel k) {
        PglistData node = k.node();
        line(sb, "nr_free_pages", node.zones().stream().mapToLong(Zone::freePages).sum());
        line(sb, "nr_free_pages_blocks", node.zones().stream().mapToLong(Zone::freePagesInWholeBlocks).sum());
        for (LruList lru : LruList.values()) {
            line(sb, "nr_zone_" + lru.kernelName(), node.lruvec().size(lru));
        }
        for (ZoneStat item : ZoneStat.values()) {
            line(sb, item.vmstatName(), node.zoneStatSum(item));
        }
        for (String name : Zoneinfo.ZONE_STATS_UNMODELLED) {
            line(sb, name, 0);
        }
    }

    /**
     * mm/sparse.c: sparse_init_nid — each memory section present at boot gets its struct pages
     * (PAGES_PER_SECTION of them) in whole pages of memmap.
     */
    private static long memmapBootPages(PglistData node, int nrPfns) {
        long perSection = (PglistData.PAGES_PER_SECTION * STRUCT_PAGE_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
        long sections = 0;
        for (long pfn = 0; pfn < nrPfns; pfn += PglistData.PAGES_PER_SECTION) {
            if (node.pfnOnline(pfn)) {
                sections++;
            }
        }
        return sections * perSection;
    }

    private static void line(StringBuilder sb, String name, long value) {
        sb.append(name).append(' ').append(value).append('\n');
    }
}
