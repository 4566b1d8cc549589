package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.swap.Writeback;
import dev.folioscope.kernel.trace.FilemapEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/page-writeback.c: balance_dirty_pages, which keeps writers from dirtying more than the dirty
 * limits allow, and the flusher's background writeback it starts.
 *
 * <p>Simplified: the kernel checks every nr_dirtied_pause pages a task dirties (32 at first), the
 * model after every page; above the free-run ceiling the kernel makes the writer sleep for pauses
 * sized from the disk's measured write bandwidth (pos_ratio, dirty_ratelimit) until the dirty
 * pages fall, the model makes it wait once while the flusher writes down to the background
 * threshold and the disk completes those writes. No per-device (wb) limits, no strictlimit, no
 * laptop mode.
 */
public final class DirtyThrottle {
    private final Filemap filemap;
    private final PglistData node;
    private final Writeback writeback;
    private final Trace trace;

    DirtyThrottle(Filemap filemap, PglistData node, Writeback writeback, Trace trace) {
        this.filemap = filemap;
        this.node = node;
        this.writeback = writeback;
        this.trace = trace;
    }

    /**
     * balance_dirty_pages after a writer dirtied a page: more dirty pages than the background
     * threshold start background writeback; dirty and writeback pages together above the free-run
     * ceiling throttle the writer.
     */
    void balanceDirtyPages() {
        long nrDirty = node.stat(NodeStat.NR_FILE_DIRTY);
        DirtyLimits limits = DirtyLimits.global(node);
        if (nrDirty > limits.bgThresh() && !writeback.bdi().background()) {
            writeback.wbStartBackgroundWriteback();
        }
        long dirty = nrDirty + node.stat(NodeStat.NR_WRITEBACK);
        if (dirty <= limits.freerunCeiling()) {
            return;
        }
        trace.enter(FilemapEvents.BALANCE_DIRTY_PAGES, dirty, limits.freerunCeiling(), limits.thresh(),
                limits.bgThresh());
        int written = writeback.takeBackground() ? writeBackground() : 0;
        writeback.completeAll();
        trace.exit(written);
    }

    /**
     * wb_check_background_flush → wb_writeback(for_background): dirty folios are written, files in
     * inode order and each from its start, until no more than the background threshold are dirty.
     *
     * @return the folios written
     */
    int writeBackground() {
        long bgThresh = DirtyLimits.global(node).bgThresh();
        trace.enter(FilemapEvents.WB_BACKGROUND, bgThresh);
        int written = 0;
        for (Inode inode : filemap.cache().all()) {
            for (long index = 0; index < inode.sizePages() && node.stat(NodeStat.NR_FILE_DIRTY) > bgThresh; index++) {
                written += filemap.writepages(inode, index, index);
            }
        }
        trace.exit(written);
        return written;
    }
}
