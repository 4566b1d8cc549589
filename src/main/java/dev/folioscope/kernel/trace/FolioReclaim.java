package dev.folioscope.kernel.trace;

/** How shrink_folio_list dealt with one isolated folio (mm/vmscan.c), as the model has it so far. */
public enum FolioReclaim implements Described {
    RECLAIMED("reclaimed: out of the page cache and freed"),
    ACTIVATE_UNEVICTABLE("not evictable (mlocked): put back, to the unevictable list"),
    ACTIVATE_REFERENCED("referenced: put back on the active list"),
    KEEP_REFERENCED("referenced once: kept on the inactive list"),
    ACTIVATE_STILL_MAPPED("try_to_unmap left it mapped: put back on the active list"),
    ACTIVATE_DIRTY("dirty: PG_reclaim set and put back on the active list (writeback is not modelled yet: the"
            + " flusher would write it)"),
    KEEP_LAZYFREE("a MADV_FREE anonymous folio: not reclaimed in this model yet, kept"),
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
