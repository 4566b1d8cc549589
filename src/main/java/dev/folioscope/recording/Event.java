package dev.folioscope.recording;

import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Field;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.Schema;
import java.util.ArrayList;
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

    /**
     * Every object the event's fields name, in field order: one for each field whose type names
     * a kind of object ({@link FieldType#ref()} is not NONE) and whose value is not negative (-1
     * names nothing). The schema alone decides, with two rules that read other fields:
     *
     * <ul>
     *   <li>a {@link FieldType.Ref#PFN} names a block: the 2<sup>order</sup> pfns from the value,
     *       where order is the value of the event's first ORDER field (0 when it has none, or
     *       when that field is -1; at most {@value ObjectIndex#PFN_BITS}, the bits of a pfn);
     *   <li>an {@link FieldType.Ref#ADDRESS} (an {@link FieldType#ADDR} field) is in the address
     *       space of the event's first PID field when its schema has one, else of the task the
     *       event ran for ({@link #pid()}); an address whose PID field is -1 names nothing.
     * </ul>
     */
    public List<ObjectRef> refs() {
        List<Field> fs = fields();
        long order = -1;
        long space = pid;
        boolean pidField = false;
        for (int i = 0; i < fs.size(); i++) {
            FieldType.Ref r = fs.get(i).type().ref();
            if (r == FieldType.Ref.ORDER && order == -1) {
                order = Math.max(0, args[i]);
            } else if (r == FieldType.Ref.PID && !pidField) {
                space = args[i];
                pidField = true;
            }
        }
        int blockOrder = (int) Math.min(Math.max(order, 0), ObjectIndex.PFN_BITS);
        List<ObjectRef> out = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            Field f = fs.get(i);
            FieldType.Ref r = f.type().ref();
            if (r == FieldType.Ref.NONE || args[i] < 0 || r == FieldType.Ref.ADDRESS && space < 0) {
                continue;
            }
            out.add(new ObjectRef(r, f.name(), args[i], r == FieldType.Ref.ADDRESS ? space : -1,
                    r == FieldType.Ref.PFN ? blockOrder : 0));
        }
        return List.copyOf(out);
    }
}
