package dev.folioscope.kernel.mmzone;

/**
 * include/linux/mmzone.h: the node_stat_item counters the model keeps (in pages), those that
 * /proc/meminfo and /proc/vmstat print for mapped, page-cache and page-table memory.
 */
public enum NodeStat {
    /** Anonymous pages mapped into user page tables (meminfo AnonPages). */
    NR_ANON_MAPPED("nr_anon_pages"),
    /** Page-cache pages mapped into user page tables (meminfo Mapped). */
    NR_FILE_MAPPED("nr_mapped"),
    /** Page-cache pages, shmem included (meminfo Cached, with Buffers and SwapCached taken out). */
    NR_FILE_PAGES("nr_file_pages"),
    /** Dirty page-cache pages of files that are written back (meminfo Dirty). */
    NR_FILE_DIRTY("nr_dirty"),
    /** shmem pages (meminfo Shmem). */
    NR_SHMEM("nr_shmem"),
    /** Page-table pages (meminfo PageTables). */
    NR_PAGETABLE("nr_page_table_pages"),
    /** Folios under writeback (meminfo Writeback). */
    NR_WRITEBACK("nr_writeback"),
    /** Folios reclaim wrote out itself (pageout). */
    NR_VMSCAN_WRITE("nr_vmscan_write"),
    /** Dirty file folios reclaim marked PG_reclaim to be reclaimed once written. */
    NR_VMSCAN_IMMEDIATE("nr_vmscan_immediate_reclaim"),
    /** Folios whose writeback completed. */
    NR_WRITTEN("nr_written"),
    /** Folios in the swap cache (meminfo SwapCached). */
    NR_SWAPCACHE("nr_swapcached"),
    /** Anonymous folios read back whose swap-cache slot held a shadow entry. */
    WORKINGSET_REFAULT_ANON("workingset_refault_anon"),
    /** File folios read back whose page-cache slot held a shadow entry. */
    WORKINGSET_REFAULT_FILE("workingset_refault_file"),
    /** Anonymous refaults close enough to be activated at once. */
    WORKINGSET_ACTIVATE_ANON("workingset_activate_anon"),
    /** File refaults close enough to be activated at once. */
    WORKINGSET_ACTIVATE_FILE("workingset_activate_file"),
    /** Activated anonymous refaults that were active (PG_workingset) when evicted. */
    WORKINGSET_RESTORE_ANON("workingset_restore_anon"),
    /** Activated file refaults that were active (PG_workingset) when evicted. */
    WORKINGSET_RESTORE_FILE("workingset_restore_file");

    private final String vmstatName;

    NodeStat(String vmstatName) {
        this.vmstatName = vmstatName;
    }

    /** Its name in /proc/vmstat. */
    public String vmstatName() {
        return vmstatName;
    }
}
