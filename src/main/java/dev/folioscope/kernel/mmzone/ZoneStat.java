package dev.folioscope.kernel.mmzone;

/**
 * include/linux/mmzone.h: the zone_stat_item counters the model keeps per zone (in pages) beyond
 * NR_FREE_PAGES and the per-zone LRU counts, which {@link Zone} and {@link Lruvec} keep on their own.
 */
public enum ZoneStat {
    /**
     * Pages of the zone waiting to be written or being written: dirty page-cache pages of files
     * that are written back (shmem is not) plus every folio under writeback, anonymous ones
     * going to swap included.
     */
    NR_ZONE_WRITE_PENDING("nr_zone_write_pending"),
    /** Pages of the zone with PG_mlocked. */
    NR_MLOCK("nr_mlock");

    private final String vmstatName;

    ZoneStat(String vmstatName) {
        this.vmstatName = vmstatName;
    }

    /** Its name in /proc/zoneinfo and /proc/vmstat. */
    public String vmstatName() {
        return vmstatName;
    }
}
