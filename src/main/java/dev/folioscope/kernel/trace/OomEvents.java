package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/oom_kill.c. */
public enum OomEvents implements EventType {
    OUT_OF_MEMORY(Schema.point("out_of_memory", "mm/oom_kill.c").f("gfp_flags", GFP).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("progress", BOOL)
            .says("{progress?No __GFP_FS: the OOM killer does not act for this request and reports progress, so the"
                    + " kernel would retry.|Out of memory and no killable process (the model has no processes yet):"
                    + " a real kernel panics here.}"));

    private final Schema schema;

    OomEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
