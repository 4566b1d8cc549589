package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/vmstat.c. */
public enum VmstatEvents implements EventType {
    /** The vmstat worker's run on the event's CPU (refresh_cpu_vm_stats). */
    VMSTAT_UPDATE(Schema.call("vmstat_update", "mm/vmstat.c").returns(INT)
            .says("The vmstat worker runs on CPU {cpu} and decays its pagesets."));

    private final Schema schema;

    VmstatEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
