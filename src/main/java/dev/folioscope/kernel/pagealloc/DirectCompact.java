package dev.folioscope.kernel.pagealloc;

import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.trace.CompactionEvents.CompactPriority;
import dev.folioscope.kernel.trace.CompactionEvents.CompactResult;

/**
 * What the page allocator asks of compaction (mm/compaction.c), which migrates folios and takes
 * free pages through the allocator: the kernel hands the allocator an implementation.
 */
public interface DirectCompact {
    /** try_to_compact_pages for the running task's allocation. */
    CompactResult tryToCompactPages(int gfp, int order, int allocFlags, int highestZoneidx, CompactPriority prio);

    /** compaction_defer_reset after the allocation compaction made room for succeeded. */
    void deferReset(Zone zone, int order, boolean allocSuccess);
}
