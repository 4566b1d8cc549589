package dev.folioscope.kernel;

import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A tracer for kernel tests: keeps every event, with its nesting depth and (for calls) its result. */
public final class EventCollector implements Tracer {
    /** One event as the kernel reported it. */
    public static final class Ev {
        public final EventType type;
        public final int depth;
        public final int cpu;
        public final long[] args;
        public long result;

        Ev(EventType type, int depth, int cpu, long[] args) {
            this.type = type;
            this.depth = depth;
            this.cpu = cpu;
            this.args = Arrays.copyOf(args, type.schema().arity());
        }

        /** The field called {@code name}; throws if the event's schema has none. */
        public long arg(String name) {
            int i = type.schema().indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException(type.name() + " has no field " + name);
            }
            return args[i];
        }

        @Override
        public String toString() {
            return type + Arrays.toString(args) + (type.schema().isCall() ? " = " + result : "");
        }
    }

    private final List<Ev> events = new ArrayList<>();
    private final List<Ev> open = new ArrayList<>();

    /** Attaches a new collector to {@code k}. */
    public static EventCollector on(Kernel k) {
        EventCollector c = new EventCollector();
        k.setTracer(c);
        return c;
    }

    @Override
    public void enter(EventType type, int cpu, int pid, long[] args) {
        Ev e = new Ev(type, open.size(), cpu, args);
        events.add(e);
        open.add(e);
    }

    @Override
    public void exit(long result) {
        open.removeLast().result = result;
    }

    @Override
    public void point(EventType type, int cpu, int pid, long[] args) {
        events.add(new Ev(type, open.size(), cpu, args));
    }

    public List<Ev> events() {
        return events;
    }

    /** The events of one type, in order. */
    public List<Ev> of(EventType type) {
        return events.stream().filter(e -> e.type == type).toList();
    }

    /** The types of the direct children of the first event of {@code parent}, in order. */
    public List<EventType> childrenOf(EventType parent) {
        int i = 0;
        while (events.get(i).type != parent) {
            i++;
        }
        int depth = events.get(i).depth;
        List<EventType> types = new ArrayList<>();
        for (int j = i + 1; j < events.size() && events.get(j).depth > depth; j++) {
            if (events.get(j).depth == depth + 1) {
                types.add(events.get(j).type);
            }
        }
        return types;
    }

    public void clear() {
        events.clear();
    }
}
