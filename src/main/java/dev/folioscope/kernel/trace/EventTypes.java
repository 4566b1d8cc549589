package dev.folioscope.kernel.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every event type of the model, numbered: the number is how a recording names a type. The files
 * of event definitions are listed here in a fixed order and their constants numbered in that
 * order, so adding a file at the end or a constant at the end of the last file keeps every
 * earlier number; any other change renumbers, and {@link #SCHEMA_VERSION} must change with it.
 */
public final class EventTypes {
    /**
     * The version of the event schema: the types, their order, fields and field types. A recording
     * stores it; one made under another version is refused. A test pins
     * {@link #fingerprint()} for each version, so a schema change without a new version fails it.
     */
    public static final int SCHEMA_VERSION = 4;

    private static final List<Class<? extends EventType>> FILES = List.of(WorkloadEvents.class,
            PageAllocEvents.class, VmscanEvents.class, VmstatEvents.class, MmzoneEvents.class,
            CompactionEvents.class, OomEvents.class, SwapEvents.class, MmapEvents.class, MemoryEvents.class,
            RmapEvents.class, TaskEvents.class, FilemapEvents.class, SwapfileEvents.class,
            WorkingsetEvents.class);

    private static final List<EventType> ALL;
    private static final int[] BASE = new int[FILES.size()];

    static {
        List<EventType> all = new ArrayList<>();
        for (int i = 0; i < FILES.size(); i++) {
            BASE[i] = all.size();
            Collections.addAll(all, FILES.get(i).getEnumConstants());
        }
        ALL = List.copyOf(all);
    }

    /** The number of each file's first type; looked up per event emitted, so cached per class. */
    private static final ClassValue<Integer> BASE_OF = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> file) {
            int i = FILES.indexOf(file);
            if (i < 0) {
                throw new IllegalStateException(file.getSimpleName() + " is not listed in EventTypes");
            }
            return BASE[i];
        }
    };

    private EventTypes() {
    }

    /** Every type, by number. */
    public static List<EventType> all() {
        return ALL;
    }

    /**
     * The type numbered {@code id}.
     *
     * @throws IllegalArgumentException for a number no type has
     */
    public static EventType of(int id) {
        if (id < 0 || id >= ALL.size()) {
            throw new IllegalArgumentException("event type " + id + " does not exist (schema version "
                    + SCHEMA_VERSION + " has " + ALL.size() + ")");
        }
        return ALL.get(id);
    }

    static int id(EventType t) {
        Enum<?> e = (Enum<?>) t;
        return BASE_OF.get(e.getDeclaringClass()) + e.ordinal();
    }

    /**
     * The schema as text, one line per type: its number, name, function, kind and typed fields.
     * Equal fingerprints mean recordings are read the same way.
     */
    public static String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (EventType t : ALL) {
            Schema s = t.schema();
            sb.append(t.id()).append(' ').append(t.name()).append(' ').append(s.function()).append(s.isCall() ? " call"
                    : " point");
            for (Field f : s.fields()) {
                sb.append(' ').append(f.name()).append(':').append(f.type());
            }
            if (s.isCall()) {
                sb.append(" -> ").append(s.result().type());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
