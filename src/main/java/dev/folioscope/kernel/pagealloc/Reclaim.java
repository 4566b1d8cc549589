package dev.folioscope.kernel.pagealloc;

import dev.folioscope.kernel.mmzone.Zone;

/**
 * What the page allocator asks of reclaim (mm/vmscan.c). The page allocator calls it and the
 * reclaim code calls the allocator's watermark checks, so the dependency is cut here: the kernel
 * hands the allocator an implementation.
 */
public interface Reclaim {
    /** wakeup_kswapd: asks the node's kswapd to balance the node for this request. */
    void wakeupKswapd(Zone zone, int gfp, int order, int highestZoneidx);

    /** try_to_free_pages: direct reclaim by the allocating task. Returns the pages reclaimed. */
    long tryToFreePages(int gfp, int order, int highestZoneidx);

    /** zone_reclaimable_pages: the zone's LRU folios reclaim could free. */
    long zoneReclaimablePages(Zone zone);
}
