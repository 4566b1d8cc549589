package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/rmap.c: anon_vmas and the mapcounts that lead from a folio back to its PTEs. */
public enum RmapEvents implements EventType {
    ANON_VMA_PREPARE(Schema.call("__anon_vma_prepare", "mm/rmap.c").f("vma", VMA).f("reused", INT).returns(INT)
            .says("Vma {vma} gets anon_vma {result}{reused? (reused from a neighbouring VMA)|}: new anonymous folios"
                    + " will point to it.")),
    ANON_VMA_FORK(Schema.call("anon_vma_fork", "mm/rmap.c").f("child_vma", VMA).f("parent_vma", VMA)
            .returns(INT)
            .says("The child's vma {child_vma} is chained to every anon_vma of vma {parent_vma} and gets its own,"
                    + " {result}, for the folios it will copy.")),
    UNLINK_ANON_VMAS(Schema.point("unlink_anon_vmas", "mm/rmap.c").f("vma", VMA).f("anon_vma", INT)
            .says("Vma {vma} leaves its anon_vma chain; anon_vmas left with no VMA are freed.")),
    FOLIO_ADD_NEW_ANON_RMAP(Schema.point("folio_add_new_anon_rmap", "mm/rmap.c").f("folio", FOLIO).f("vma", VMA)
            .f("address", ADDR).f("anon_vma", INT)
            .says("New folio {folio} becomes anonymous: mapping = anon_vma {anon_vma}, index = the page of {address},"
                    + " mapcount 1, PG_swapbacked and PG_anon_exclusive.")),
    FOLIO_ADD_ANON_RMAP_PTE(Schema.point("folio_add_anon_rmap_ptes", "mm/rmap.c").f("folio", FOLIO).f("vma", VMA)
            .f("address", ADDR).f("mapcount", INT)
            .says("Folio {folio}, anonymous already, is mapped again at {address} in VMA {vma}: mapcount {mapcount}.")),
    FOLIO_ADD_FILE_RMAP_PTE(Schema.point("folio_add_file_rmap_ptes", "mm/rmap.c").f("folio", FOLIO).f("vma", VMA)
            .f("address", ADDR).f("mapcount", INT)
            .says("Page-cache folio {folio} is mapped at {address} in vma {vma}: mapcount {mapcount}; the file's"
                    + " i_mmap tree leads back to this PTE.")),
    FOLIO_DUP_FILE_RMAP(Schema.point("folio_dup_file_rmap_pte", "mm/rmap.c").f("folio", FOLIO).f("mapcount", INT)
            .says("fork maps page-cache folio {folio} in the child too: mapcount {mapcount}.")),
    FOLIO_DUP_ANON_RMAP(Schema.point("folio_try_dup_anon_rmap_pte", "mm/rmap.c").f("folio", FOLIO)
            .f("mapcount", INT)
            .says("fork maps folio {folio} in the child too: mapcount {mapcount}, and PG_anon_exclusive is cleared"
                    + " (the page is shared now).")),
    FOLIO_REFERENCED(Schema.call("folio_referenced", "mm/rmap.c").f("folio", FOLIO).f("mapcount", INT).returns(INT)
            .says("Reclaim asks whether folio {folio} was used: the accessed bit of each of its {mapcount} PTE(s) is"
                    + " read and cleared; {result} VMA(s) had a young one.")),
    TRY_TO_UNMAP(Schema.call("try_to_unmap", "mm/rmap.c").f("folio", FOLIO).f("mapcount", INT).returns(BOOL)
            .says("Reclaim unmaps folio {folio} from its {mapcount} PTE(s) through the file's mappings:"
                    + " {result?it is no longer mapped.|a locked VMA keeps it mapped.}")),
    FOLIO_REMOVE_RMAP_PTE(Schema.point("folio_remove_rmap_pte", "mm/rmap.c").f("folio", FOLIO).f("mapcount", INT)
            .says("A PTE stops mapping folio {folio}: mapcount {mapcount}.")),
    FOLIO_MOVE_ANON_RMAP(Schema.point("folio_move_anon_rmap", "mm/rmap.c").f("folio", FOLIO).f("anon_vma", INT)
            .says("Folio {folio} is reused by one process alone: it moves to that VMA's anon_vma {anon_vma}."));

    private final Schema schema;

    RmapEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
