package dev.folioscope.recording;

import dev.folioscope.kernel.debug.EventPrinter;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * One field in which two events of the same type differ, with both values printed: the header
 * fields (depth, parent, CPU, pid) as numbers, the fields of the schema and a call's result as
 * their type prints them (a pfn in hex, a zone by name...). The one field-by-field comparison of
 * events, for replay's divergence report ({@link Timeline}) and for comparing two recordings.
 */
public record FieldDiff(String field, String a, String b) {
    /**
     * The fields in which two events of one type differ as reported, in header then schema order:
     * all but a call's result, which is known only when the call returns (see {@link #ofResult}).
     *
     * @throws IllegalArgumentException if the events are of different types
     */
    public static List<FieldDiff> between(Event a, Event b) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException("events of different types: " + a.type().name() + ", " + b.type().name());
        }
        List<FieldDiff> out = new ArrayList<>();
        add(out, "depth", a.depth(), b.depth());
        add(out, "parent", a.parent(), b.parent());
        add(out, "cpu", a.cpu(), b.cpu());
        add(out, "pid", a.pid(), b.pid());
        List<Field> fields = a.fields();
        for (int f = 0; f < fields.size(); f++) {
            add(out, fields.get(f), a.args()[f], b.args()[f]);
        }
        return out;
    }

    /** The result of two calls of type {@code type}, if they differ: none or one. */
    public static List<FieldDiff> ofResult(EventType type, long a, long b) {
        List<FieldDiff> out = new ArrayList<>(1);
        add(out, type.schema().result(), a, b);
        return out;
    }

    private static void add(List<FieldDiff> out, String field, long a, long b) {
        if (a != b) {
            out.add(new FieldDiff(field, Long.toString(a), Long.toString(b)));
        }
    }

    private static void add(List<FieldDiff> out, Field field, long a, long b) {
        if (a != b) {
            out.add(new FieldDiff(field.name(), EventPrinter.value(field, a), EventPrinter.value(field, b)));
        }
    }
}
