package dev.folioscope.recording;

import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Field;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.Schema;
import java.util.List;

/**
 * One recorded kernel-level step. {@code step} numbers events from 1; the state "at step s" is the
 * state right after event s (step 0 is the booted machine). {@code parent} is the step of the
 * enclosing call, 0 at top level; {@code depth} is 0 at top level; {@code cpu} and {@code pid} are
 * the CPU the kernel ran the event on and the task it ran for (0 for none). {@code args} are the
 * fields the type's {@link Schema} declares, in its order; {@code result} is what a call returned
 * (0 for a point).
 */
public record Event(int step, EventType type, int parent, int depth, int cpu, int pid, long[] args, long result) {
    public Schema schema() {
        return type.schema();
    }

    public List<Field> fields() {
        return type.schema().fields();
    }

    /** Whether the event has a field of that name. */
    public boolean has(String name) {
        return type.schema().indexOf(name) >= 0;
    }

    /**
     * The value of the field called {@code name}.
     *
     * @throws IllegalArgumentException if the event's schema has no such field
     */
    public long arg(String name) {
        int i = type.schema().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(type.name() + " has no field " + name);
        }
        return args[i];
    }

    /**
     * The first object of kind {@code ref} the event names (a zone, a pfn...), from its schema:
     * the value of its first field of that kind that names one, or -1 if none does.
     */
    public long first(FieldType.Ref ref) {
        List<Field> fs = fields();
        for (int i = 0; i < fs.size(); i++) {
            if (fs.get(i).type().ref() == ref && args[i] >= 0) {
                return args[i];
            }
        }
        return -1;
    }
}
