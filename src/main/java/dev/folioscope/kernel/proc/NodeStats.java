package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node_stat_item counters as mm/vmstat.c prints them, in /proc/vmstat and in /proc/zoneinfo's
 * per-node stats: the LRU list sizes and the model's {@link NodeStat} counters, the items of
 * mechanisms not modelled yet 0.
 */
final class NodeStats {
    /** node_stat_name() order of a 6.18 kernel configured as the development machines are (enum node_stat_item). */
    static final List<String> NAMES = List.of("nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
            "nr_active_file", "nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon",
            "nr_isolated_file", "workingset_nodes", "workingset_refault_anon", "workingset_refault_file",
            "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon",
            "workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages", "nr_mapped", "nr_file_pages",
            "nr_dirty", "nr_writeback", "nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages",
            "nr_file_pmdmapped", "nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim",
            "nr_dirtied", "nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired",
            "nr_foll_pin_released", "nr_kernel_stack", "nr_page_table_pages", "nr_sec_page_table_pages",
            "nr_iommu_pages", "nr_swapcached", "pgpromote_success", "pgpromote_candidate", "pgpromote_candidate_nrl",
            "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged", "pgdemote_proactive", "nr_hugetlb",
            "nr_balloon_pages", "nr_kernel_file_pages");

    private NodeStats() {
    }

    /**
     * node_page_state_pages of every item, by name in {@link #NAMES} order. The lruvec's list
     * sizes are NR_LRU_BASE + lru: the folios on the lists, not those still waiting in a per-CPU
     * batch.
     */
    static Map<String, Long> of(PglistData node) {
        Map<String, Long> modelled = new TreeMap<>();
        for (LruList lru : LruList.values()) {
            modelled.put("nr_" + lru.kernelName(), (long) node.lruvec().size(lru));
        }
        for (NodeStat item : NodeStat.values()) {
            modelled.put(item.vmstatName(), node.stat(item));
        }
        Map<String, Long> all = new LinkedHashMap<>();
        for (String name : NAMES) {
            all.put(name, modelled.getOrDefault(name, 0L));
        }
        return all;
    }
}
