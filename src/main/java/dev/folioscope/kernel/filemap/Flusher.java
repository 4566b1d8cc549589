package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.swap.Writeback;
import dev.folioscope.kernel.trace.FilemapEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * fs/fs-writeback.c: the disk's flusher (wb_workfn). When reclaim woke it to write everything
 * (wakeup_flusher_threads: start-all work), it writes every dirty page of every file
 * (wb_check_start_all → wb_writeback → writeback_sb_inodes → do_writepages), files in inode
 * order; when balance_dirty_pages asked for background writeback, it writes until the dirty
 * pages are down to the background threshold. It runs at a scheduling point, before kswapd.
 * Periodic writeback of expired dirty pages (dirty_expire_centisecs) is not modelled.
 */
public final class Flusher {
    private final Filemap filemap;
    private final Writeback writeback;
    private final Trace trace;

    public Flusher(Filemap filemap, Writeback writeback, Trace trace) {
        this.filemap = filemap;
        this.writeback = writeback;
        this.trace = trace;
    }

    /**
     * wb_workfn: does the start-all work if some is queued, else the background work.
     *
     * @return the folios written
     */
    public int run() {
        if (!writeback.takeStartAll()) {
            return writeback.takeBackground() ? filemap.dirtyThrottle().writeBackground() : 0;
        }
        trace.enter(FilemapEvents.WB_WORKFN);
        int written = 0;
        for (Inode inode : filemap.cache().all()) {
            written += filemap.writepages(inode, 0, Long.MAX_VALUE);
        }
        trace.exit(written);
        return written;
    }
}
