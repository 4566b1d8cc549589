package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/compaction.c (compaction itself is not modelled yet). */
public enum CompactionEvents implements EventType {
    WAKEUP_KCOMPACTD(Schema.point("wakeup_kcompactd", "mm/compaction.c").f("highest_zoneidx", ZONE).f("order", ORDER)
            .says("kcompactd is woken for order {order} (compaction is not modelled: recorded only)."));

    private final Schema schema;

    CompactionEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
