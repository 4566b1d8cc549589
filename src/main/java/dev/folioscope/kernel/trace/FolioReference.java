package dev.folioscope.kernel.trace;

/** What folio_check_references decides for a folio on the inactive list (mm/vmscan.c: enum folio_references). */
public enum FolioReference implements Described {
    RECLAIM("no PTE and no PG_referenced: reclaim it"),
    RECLAIM_CLEAN("PG_referenced only: reclaim it if clean, never write it back for this"),
    KEEP("one young PTE and no PG_referenced: PG_referenced is set and the folio gets another trip round the"
            + " inactive list"),
    ACTIVATE("used again (young PTEs with PG_referenced, several VMAs, an executable file mapping, or a locked"
            + " VMA): it goes to the active list");

    private final String text;

    FolioReference(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}
