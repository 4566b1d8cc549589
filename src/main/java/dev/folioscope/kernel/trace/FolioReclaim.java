package dev.folioscope.kernel.trace;

/** How shrink_folio_list dealt with one isolated folio (mm/vmscan.c), as the model has it so far. */
public enum FolioReclaim implements Described {
    RECLAIMED("reclaimed: out of the page cache (or the swap cache) and freed"),
    ACTIVATE_UNEVICTABLE("not evictable (mlocked): put back, to the unevictable list"),
    ACTIVATE_REFERENCED("referenced: put back on the active list"),
    KEEP_REFERENCED("referenced once: kept on the inactive list"),
    ACTIVATE_STILL_MAPPED("try_to_unmap left it mapped: put back on the active list"),
    ACTIVATE_DIRTY("dirty: PG_reclaim set and put back on the active list (writeback is not modelled yet: the"
            + " flusher would write it)"),
    LAZYFREED("a clean MADV_FREE folio: discarded without being written anywhere (pglazyfreed)"),
    ACTIVATE_SWAP_FULL("anonymous, and no swap slot is free: put back on the active list"),
    KEEP_NO_IO("anonymous, but the allocation may not start I/O (no __GFP_IO): kept"),
    ACTIVATE_PAGEOUT("pageout could not write it: put back on the active list"),
    KEEP_BUSY("someone else holds a reference (or it is dirty): __remove_mapping cannot free it, kept");

    private final String text;

    FolioReclaim(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}
