package dev.folioscope.kernel.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * The definition of one kind of event, kept apart from the code that emits it as the kernel keeps
 * its tracepoints in include/trace/events/: the function it models, its typed fields, and what
 * it means.
 *
 * <p>A call event ({@link #isCall()}) is opened before the events it contains and closed with a
 * result; a point event is a leaf whose fields say everything, emitted right after the change it
 * reports.
 *
 * <p>{@link #says()} is a sentence about what the event did, with placeholders: {@code {name}}
 * stands for a field's value (also {@code {cpu}}, {@code {pid}} and, for calls, {@code {result}});
 * {@code {name:text}} for an enum field's explanation; {@code {pfn..order}} for the pfn range of
 * a block ("0x200-0x3ff"); {@code {name?then|else}} picks a branch
 * by the value (a BOOL field is true when 1, any other when it is not -1), and the branches may
 * hold placeholders themselves.
 *
 * @param function the kernel function or tracepoint modelled
 * @param file its source file
 * @param fields the arguments, in the order emitters pass them
 * @param result what a call returns; null for a point event
 */
public record Schema(String function, String file, List<Field> fields, Field result, String says) {
    public Schema {
        fields = List.copyOf(fields);
        for (int i = 0; i < fields.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (fields.get(i).name().equals(fields.get(j).name())) {
                    throw new IllegalArgumentException(function + ": two fields named " + fields.get(i).name());
                }
            }
        }
        if (fields.size() > Trace.MAX_FIELDS) {
            throw new IllegalArgumentException(function + ": more than " + Trace.MAX_FIELDS + " fields");
        }
    }

    public boolean isCall() {
        return result != null;
    }

    public int arity() {
        return fields.size();
    }

    /** The position of the field called {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A call event of {@code function} in {@code file}, to be given fields, a result and a sentence. */
    public static Builder call(String function, String file) {
        return new Builder(function, file, true);
    }

    /** A point event of {@code function} in {@code file}. */
    public static Builder point(String function, String file) {
        return new Builder(function, file, false);
    }

    /** Declares a schema field by field, as TP_STRUCT__entry lists them. */
    public static final class Builder {
        private final String function;
        private final String file;
        private final boolean call;
        private final List<Field> fields = new ArrayList<>();
        private Field result;

        private Builder(String function, String file, boolean call) {
            this.function = function;
            this.file = file;
            this.call = call;
        }

        public Builder f(String name, FieldType type) {
            fields.add(new Field(name, type, null));
            return this;
        }

        public Builder f(String name, Class<? extends Enum<?>> values) {
            fields.add(new Field(name, FieldType.ENUM, values));
            return this;
        }

        public Builder returns(FieldType type) {
            result = new Field("result", type, null);
            return this;
        }

        public Builder returns(Class<? extends Enum<?>> values) {
            result = new Field("result", FieldType.ENUM, values);
            return this;
        }

        /** Completes the schema with its sentence (see {@link Schema#says()}). */
        public Schema says(String sentence) {
            if (call != (result != null)) {
                throw new IllegalStateException(function + ": a call has a result, a point has none");
            }
            return new Schema(function, file, fields, result, sentence);
        }
    }
}
