package dev.folioscope.kernel.trace;

/** How shrink_folio_list dealt with one isolated folio (mm/vmscan.c), as the model has it so far. */
public enum FolioReclaim implements Described {
    RECLAIMED("reclaimed: out of the page cache (or the swap cache) and freed"),
    ACTIVATE_UNEVICTABLE("not evictable (mlocked): put back, to the unevictable list"),
    ACTIVATE_REFERENCED("referenced: put back on the active list"),
    KEEP_REFERENCED("referenced once: kept on the inactive list"),
    ACTIVATE_STILL_MAPPED("try_to_unmap left it mapped: put back on the active list"),
    ACTIVATE_DIRTY("a dirty file folio: reclaim leaves writing it to the flusher; PG_reclaim set (its write's"
            + " completion will rotate it to the inactive tail) and put back on the active list"),
    LAZYFREED("a clean MADV_FREE folio: discarded without being written anywhere (pglazyfreed)"),
    ACTIVATE_SWAP_FULL("anonymous, and no swap slot is free: put back on the active list"),
    KEEP_NO_IO("anonymous, but the allocation may not start I/O (no __GFP_IO): kept"),
    ACTIVATE_PAGEOUT("a dirty file folio kswapd would write (PGDAT_DIRTY): 6.18's pageout no longer writes"
            + " filesystem folios, only the flusher does, so it is put back on the active list"),
    KEEP_BUSY("someone else holds a reference (or it is dirty): __remove_mapping cannot free it, kept"),
    ACTIVATE_WRITEBACK_IMMEDIATE("under writeback with PG_reclaim, and kswapd sees folios cycle through the LRU"
            + " faster than they are written (PGDAT_WRITEBACK): put back on the active list (nr_immediate)"),
    ACTIVATE_WRITEBACK("under writeback: PG_reclaim set, so the write's completion rotates it to the inactive tail;"
            + " put back on the active list (nr_writeback)"),
    KEEP_WRITEBACK("dirty and written: its write is submitted and it stays, under writeback, until the disk"
            + " completes it; a later pass reclaims it"),
    KEEP_PAGEOUT("dirty, but held by someone besides its cache and the isolation (is_page_cache_freeable):"
            + " not written, kept"),
    KEEP_RECLAIM_CLEAN("a dirty file folio that was referenced before (FOLIOREF_RECLAIM_CLEAN): only a clean one"
            + " would be reclaimed, so it is kept");

    private final String text;

    FolioReclaim(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}
