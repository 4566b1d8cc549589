package dev.folioscope.kernel;

import dev.folioscope.kernel.trace.EventKind;
import dev.folioscope.kernel.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/** A tracer for kernel tests: keeps every event, with its nesting depth and (for calls) its result. */
public final class EventCollector implements Tracer {
    /** One event as the kernel reported it. */
    public static final class Ev {
        public final EventKind kind;
        public final int depth;
        public final int zone;
        public final int pfn;
        public final int order;
        public final int mt;
        public final int aux;
        public int result;

        Ev(EventKind kind, int depth, int zone, int pfn, int order, int mt, int aux, int result) {
            this.kind = kind;
            this.depth = depth;
            this.zone = zone;
            this.pfn = pfn;
            this.order = order;
            this.mt = mt;
            this.aux = aux;
            this.result = result;
        }

        @Override
        public String toString() {
            return kind + "(zone " + zone + ", pfn " + pfn + ", order " + order + ", mt " + mt + ", aux " + aux
                    + ") = " + result;
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
    public void enter(EventKind kind, int zone, int pfn, int order, int mt, int aux) {
        Ev e = new Ev(kind, open.size(), zone, pfn, order, mt, aux, -1);
        events.add(e);
        open.add(e);
    }

    @Override
    public void exit(int result) {
        open.removeLast().result = result;
    }

    @Override
    public void point(EventKind kind, int zone, int pfn, int order, int mt, int aux, int result) {
        events.add(new Ev(kind, open.size(), zone, pfn, order, mt, aux, result));
    }

    public List<Ev> events() {
        return events;
    }

    /** The events of one kind, in order. */
    public List<Ev> of(EventKind kind) {
        return events.stream().filter(e -> e.kind == kind).toList();
    }

    /** The kinds of the direct children of the first event of {@code parent}, in order. */
    public List<EventKind> childrenOf(EventKind parent) {
        int i = 0;
        while (events.get(i).kind != parent) {
            i++;
        }
        int depth = events.get(i).depth;
        List<EventKind> kinds = new ArrayList<>();
        for (int j = i + 1; j < events.size() && events.get(j).depth > depth; j++) {
            if (events.get(j).depth == depth + 1) {
                kinds.add(events.get(j).kind);
            }
        }
        return kinds;
    }

    public void clear() {
        events.clear();
    }
}
