package dev.folioscope.kernel.trace;

import java.util.List;

/**
 * One typed field of an event, as a tracepoint's TP_STRUCT__entry declares one.
 *
 * @param name the name the kernel source gives it (order, migratetype, gfp_flags...)
 * @param type how the value is read
 * @param values for {@link FieldType#ENUM}, the enum whose ordinals the field stores; else null
 */
public record Field(String name, FieldType type, Class<? extends Enum<?>> values) {
    public Field {
        if ((type == FieldType.ENUM) != (values != null)) {
            throw new IllegalArgumentException("field " + name + ": an enum class exactly for ENUM fields");
        }
    }

    /** The constants of an ENUM field, in ordinal order. */
    public List<? extends Enum<?>> constants() {
        return List.of(values.getEnumConstants());
    }
}
