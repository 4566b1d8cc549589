package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;

/**
 * mm/page-writeback.c: global_dirty_limits at the default vm.dirty_ratio 20 and
 * vm.dirty_background_ratio 10, for a task that is not realtime: the dirty threshold above which
 * writers are throttled and the background threshold above which the flusher writes, in pages.
 *
 * @param thresh nr_dirty_threshold
 * @param bgThresh nr_dirty_background_threshold
 */
public record DirtyLimits(long thresh, long bgThresh) {
    private static final long VM_DIRTY_RATIO = 20;
    private static final long DIRTY_BACKGROUND_RATIO = 10;
    private static final long PAGE_SIZE = 4096;

    /** global_dirty_limits → domain_dirty_limits over global_dirtyable_memory. */
    public static DirtyLimits global(PglistData node) {
        long dirtyable = globalDirtyableMemory(node);
        long thresh = dirtyLimit(VM_DIRTY_RATIO, dirtyable);
        long bgThresh = dirtyLimit(DIRTY_BACKGROUND_RATIO, dirtyable);
        return new DirtyLimits(thresh, bgThresh >= thresh ? thresh / 2 : bgThresh);
    }

    /** dirty_freerun_ceiling: below it a writer is never throttled. */
    public long freerunCeiling() {
        return (thresh + bgThresh) / 2;
    }

    /**
     * global_dirtyable_memory: the free pages less totalreserve_pages, plus the file LRU pages,
     * plus one so that it is never 0 (no highmem on x86-64).
     */
    private static long globalDirtyableMemory(PglistData node) {
        long free = node.zones().stream().mapToLong(Zone::freePages).sum();
        return free - Math.min(free, totalreservePages(node)) + node.lruvec().size(LruList.INACTIVE_FILE)
                + node.lruvec().size(LruList.ACTIVE_FILE) + 1;
    }

    /** domain_dirty_limits: a ratio in percent, made per-PAGE_SIZE for precision, of the dirtyable pages. */
    private static long dirtyLimit(long ratioPercent, long dirtyable) {
        return ratioPercent * PAGE_SIZE / 100 * dirtyable / PAGE_SIZE;
    }

    /**
     * mm/page_alloc.c: calculate_totalreserve_pages — per zone, its largest lowmem_reserve plus its
     * high watermark, at most its managed pages.
     */
    public static long totalreservePages(PglistData node) {
        long total = 0;
        for (Zone z : node.zones()) {
            long max = 0;
            for (int j = z.index(); j < node.zones().size(); j++) {
                max = Math.max(max, z.lowmemReserve(j));
            }
            max += z.rawWatermark(Watermark.HIGH);
            total += Math.min(max, z.managedPages());
        }
        return total;
    }
}
