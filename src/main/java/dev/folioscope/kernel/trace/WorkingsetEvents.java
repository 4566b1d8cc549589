package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/workingset.c: shadow entries left at eviction and the refaults they detect. */
public enum WorkingsetEvents implements EventType {
    /** workingset_eviction: the shadow a reclaimed folio leaves in its slot. */
    EVICTION(Schema.point("workingset_eviction", "mm/workingset.c").f("folio", FOLIO).f("eviction", PAGES)
            .f("workingset", BOOL)
            .says("Folio {folio} leaves a shadow entry in its slot: the workingset clock (nonresident_age) read"
                    + " {eviction}{workingset?, and the folio was active (PG_workingset)|}; the clock ticks once.")),
    /** workingset_refault: a new folio fills a slot that held a shadow. */
    REFAULT(Schema.point("workingset_refault", "mm/workingset.c").f("folio", FOLIO).f("file", BOOL)
            .f("distance", PAGES).f("workingset_size", PAGES).f("activated", BOOL).f("restored", BOOL)
            .says("Folio {folio} refaults: {distance} page(s) were evicted or activated since its eviction, against"
                    + " a workingset of {workingset_size}: {activated?within it, so the folio is activated at once.|too"
                    + " far, so it starts on the inactive list.}{restored? It was active before its eviction and gets"
                    + " PG_workingset back.|}"));

    private final Schema schema;

    WorkingsetEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
