package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of the workload rather than the kernel. */
public enum WorkloadEvents implements EventType {
    /** A scenario step, containing its operations. */
    STEP(Schema.call("step", "scenario").f("step", FieldType.STEP).returns(INT)
            .says("Starts the scenario step; its {result} operation(s) are the events inside it."));

    private final Schema schema;

    WorkloadEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
