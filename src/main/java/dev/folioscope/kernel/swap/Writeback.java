package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.ZoneStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.trace.SwapfileEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * Writes to the disk and their completion (mm/page-writeback.c's folio_start_writeback,
 * mm/filemap.c's folio_end_writeback), for swap-outs and file writeback alike.
 *
 * <p>The device latency is deterministic: a write submitted during an operation completes at the
 * next scheduling point, before kswapd runs ({@link #completeAll}), and the completion interrupt
 * runs on the CPU that is running then. kswapd's balance_pgdat, which scans for much longer than
 * a write takes, lets the disk complete the writes of one pass before the next pass starts. So
 * reclaim meets folios still under writeback within the pass or the operation that wrote them,
 * and reclaims them, written and rotated to the inactive tail, on a later one. Two waits end
 * sooner, when the disk has completed what it was writing, which the model does at once:
 * kswapd's reclaim_throttle on writeback (folios cycling through the LRU faster than they are
 * written) and a writer throttled by balance_dirty_pages.
 */
public final class Writeback {
    private final Bdi bdi;
    private final MemMap mem;
    private final PglistData node;
    private final Swap swap;
    private final Trace trace;

    public Writeback(Bdi bdi, MemMap mem, PglistData node, Swap swap, Trace trace) {
        this.bdi = bdi;
        this.mem = mem;
        this.node = node;
        this.swap = swap;
        this.trace = trace;
    }

    /** The disk, to read. */
    public Bdi bdi() {
        return bdi;
    }

    /**
     * __folio_start_writeback then submit_bio: PG_writeback and NR_WRITEBACK, and the write queued
     * on the disk. Writeback holds no reference: whoever frees a folio waits for its write first.
     */
    public void folioStartWriteback(int pfn) {
        // mm/page-writeback.c: __folio_start_writeback
        mem.setFlag(pfn, PageFlag.PG_writeback);
        node.modStat(NodeStat.NR_WRITEBACK, 1);
        node.modZoneStat(pfn, ZoneStat.NR_ZONE_WRITE_PENDING, 1);
        bdi.submit(pfn);
    }

    /**
     * The disk completes every write in flight, oldest first, each with folio_end_writeback.
     *
     * <p>Context: a scheduling point, or a task that waited for writeback.
     *
     * @return the writes completed
     */
    public int completeAll() {
        if (bdi.inflight().length == 0) {
            return 0;
        }
        trace.enter(SwapfileEvents.BLK_COMPLETE, bdi.inflight().length);
        int[] done = bdi.takeAll();
        for (int pfn : done) {
            folioEndWriteback(pfn);
        }
        trace.exit(done.length);
        return done.length;
    }

    /**
     * folio_end_writeback: a folio reclaim marked PG_reclaim is rotated to the tail of its inactive
     * list (folio_rotate_reclaimable) to be reclaimed first; then PG_writeback clears, NR_WRITEBACK
     * falls and NR_WRITTEN counts the write.
     */
    private void folioEndWriteback(int pfn) {
        // mm/filemap.c: folio_end_writeback, folio_end_writeback_no_dropbehind, __folio_end_writeback
        boolean reclaim = mem.test(pfn, PageFlag.PG_reclaim);
        if (reclaim) {
            mem.clearFlag(pfn, PageFlag.PG_reclaim);
        }
        mem.clearFlag(pfn, PageFlag.PG_writeback);
        node.modStat(NodeStat.NR_WRITEBACK, -1);
        node.modZoneStat(pfn, ZoneStat.NR_ZONE_WRITE_PENDING, -1);
        node.modStat(NodeStat.NR_WRITTEN, 1);
        trace.point(SwapfileEvents.END_WRITEBACK, pfn, reclaim ? 1 : 0);
        if (reclaim) {
            swap.folioRotateReclaimable(pfn);
        }
    }

    /**
     * wakeup_flusher_threads: queues start-all work for the disk's flusher (wb_start_writeback),
     * which writes every dirty page when it runs, at the next scheduling point.
     */
    public void wakeupFlusherThreads() {
        if (!bdi.startAll()) {
            bdi.setStartAll(true);
            trace.point(SwapfileEvents.WAKEUP_FLUSHER, 1);
        }
    }

    /**
     * wb_start_background_writeback: queues background work for the flusher, which writes dirty
     * pages until no more than the background threshold are dirty, at the next scheduling point.
     */
    public void wbStartBackgroundWriteback() {
        if (!bdi.background()) {
            bdi.setBackground(true);
            trace.point(SwapfileEvents.WB_START_BACKGROUND, 1);
        }
    }

    /** The flusher takes its background work (wb_check_background_flush): whether there was any. */
    public boolean takeBackground() {
        if (!bdi.background()) {
            return false;
        }
        bdi.setBackground(false);
        trace.point(SwapfileEvents.WB_START_BACKGROUND, 0);
        return true;
    }

    /** The flusher takes its start-all work (wb_check_start_all): whether there was any. */
    public boolean takeStartAll() {
        if (!bdi.startAll()) {
            return false;
        }
        bdi.setStartAll(false);
        trace.point(SwapfileEvents.WAKEUP_FLUSHER, 0);
        return true;
    }
}
