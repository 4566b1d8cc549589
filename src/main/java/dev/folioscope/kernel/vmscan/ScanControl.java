package dev.folioscope.kernel.vmscan;

/**
 * mm/vmscan.c: struct scan_control — one reclaim run's knobs and tallies (kswapd's balance_pgdat
 * or a direct reclaimer's try_to_free_pages), for the fields the model uses.
 */
final class ScanControl {
    /** DEACTIVATE_ANON / DEACTIVATE_FILE bits of may_deactivate. */
    static final int DEACTIVATE_ANON = 1;
    static final int DEACTIVATE_FILE = 2;

    final int gfpMask;
    int order;
    /** Scan lru_size >> priority pages of each list; DEF_PRIORITY first. */
    int priority;
    /** The highest zone whose folios this run may reclaim. */
    int reclaimIdx;
    long nrToReclaim;
    long nrReclaimed;
    long nrScanned;
    final boolean mayUnmap;
    /** Whether the run is kswapd's (current_is_kswapd). */
    final boolean kswapd;
    int mayDeactivate;
    boolean forceDeactivate;
    boolean skippedDeactivate;
    boolean cacheTrimMode;
    boolean cacheTrimModeFailed;
    boolean noCacheTrimMode;
    boolean memcgFullWalk;
    /** reclaim_pages: shrink_folio_list's ignore_references. */
    boolean ignoreReferences;
    /** The lruvec's reclaim costs, read by prepare_scan_control for get_scan_count. */
    long anonCost;
    long fileCost;
    /**
     * sc->nr, what this shrink_node pass's shrink_inactive_list calls met: folios under writeback
     * (met anew, and met again with PG_reclaim), dirty file folios no one writes, folios isolated.
     */
    long nrWriteback;
    long nrImmediate;
    long nrUnqueuedDirty;
    long nrTaken;
    long nrFileTaken;
    /** The file lists and free pages together are under the high watermarks, anonymous memory is not low. */
    boolean fileIsTiny;

    ScanControl(int gfpMask, int order, int reclaimIdx, long nrToReclaim, boolean kswapd) {
        this.gfpMask = gfpMask;
        this.order = order;
        this.reclaimIdx = reclaimIdx;
        this.nrToReclaim = nrToReclaim;
        this.mayUnmap = true;
        this.kswapd = kswapd;
        this.priority = Vmscan.DEF_PRIORITY;
    }

    /** A copy with every field, for a kswapd run that a checkpoint forks between passes. */
    ScanControl copy() {
        ScanControl c = new ScanControl(gfpMask, order, reclaimIdx, nrToReclaim, kswapd);
        c.priority = priority;
        c.nrReclaimed = nrReclaimed;
        c.nrScanned = nrScanned;
        c.mayDeactivate = mayDeactivate;
        c.forceDeactivate = forceDeactivate;
        c.skippedDeactivate = skippedDeactivate;
        c.cacheTrimMode = cacheTrimMode;
        c.cacheTrimModeFailed = cacheTrimModeFailed;
        c.noCacheTrimMode = noCacheTrimMode;
        c.memcgFullWalk = memcgFullWalk;
        c.ignoreReferences = ignoreReferences;
        c.anonCost = anonCost;
        c.fileCost = fileCost;
        c.nrWriteback = nrWriteback;
        c.nrImmediate = nrImmediate;
        c.nrUnqueuedDirty = nrUnqueuedDirty;
        c.nrTaken = nrTaken;
        c.nrFileTaken = nrFileTaken;
        c.fileIsTiny = fileIsTiny;
        return c;
    }

    long digest(long h) {
        for (long v : new long[] {gfpMask, order, priority, reclaimIdx, nrToReclaim, nrReclaimed, nrScanned,
            mayDeactivate, forceDeactivate ? 1 : 0, skippedDeactivate ? 1 : 0, cacheTrimMode ? 1 : 0,
            cacheTrimModeFailed ? 1 : 0, noCacheTrimMode ? 1 : 0, memcgFullWalk ? 1 : 0, ignoreReferences ? 1 : 0,
            anonCost, fileCost, nrWriteback, nrImmediate, nrUnqueuedDirty, nrTaken, nrFileTaken,
            fileIsTiny ? 1 : 0}) {
            h = (h ^ v) * 0x100000001b3L;
        }
        return h;
    }
}
