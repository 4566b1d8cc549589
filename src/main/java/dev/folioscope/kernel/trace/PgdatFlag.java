package dev.folioscope.kernel.trace;

/** The bits of pgdat->flags the model has (include/linux/mmzone.h: enum pgdat_flags). */
public enum PgdatFlag implements Described {
    PGDAT_DIRTY("kswapd found the inactive file list's tail all dirty folios no one is writing back"),
    PGDAT_WRITEBACK("kswapd found every folio it isolated under writeback: the LRU cycles faster than the disk writes");

    private final String text;

    PgdatFlag(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }

    /** The bit's mask in pgdat->flags. */
    public int mask() {
        return 1 << ordinal();
    }
}
