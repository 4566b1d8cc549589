package dev.folioscope.kernel.mmzone;

/**
 * include/linux/mmzone.h: the node_stat_item counters the model keeps (in pages), those that
 * /proc/meminfo and /proc/vmstat print for mapped and page-table memory.
 */
public enum NodeStat {
    /** Anonymous pages mapped into user page tables (meminfo AnonPages). */
    NR_ANON_MAPPED("nr_anon_pages"),
    /** Page-cache pages mapped into user page tables (meminfo Mapped). */
    NR_FILE_MAPPED("nr_mapped"),
    /** Page-table pages (meminfo PageTables). */
    NR_PAGETABLE("nr_page_table_pages");

    private final String vmstatName;

    NodeStat(String vmstatName) {
        this.vmstatName = vmstatName;
    }

    /** Its name in /proc/vmstat. */
    public String vmstatName() {
        return vmstatName;
    }
}
