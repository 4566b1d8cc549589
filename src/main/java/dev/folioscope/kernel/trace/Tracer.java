package dev.folioscope.kernel.trace;

/**
 * The one narrow interface through which the simulated kernel reports every step it takes. The
 * kernel does not know who listens: a recorder, a replay that stops at a given step, or nobody.
 *
 * <p>Arguments are numbers, never object references (as tracepoints store a pfn rather than a
 * page pointer): the zone index, a pfn, an order, a migratetype, and one kind-specific value
 * ({@link EventKind#auxMeaning()}). Unused arguments are -1.
 *
 * <p>An event that contains others is opened with {@link #enter} and closed with {@link #exit};
 * a leaf is a {@link #point}. A leaf that changes state is emitted right after the change, so the
 * state "at" an event includes that event's own change and none of its successors'.
 */
public interface Tracer {
    void enter(EventKind kind, int zone, int pfn, int order, int mt, int aux);

    /** Closes the innermost open event with its result (a pfn, a count, or 1/0 for yes/no). */
    void exit(int result);

    void point(EventKind kind, int zone, int pfn, int order, int mt, int aux, int result);

    /** A tracer that ignores everything. */
    Tracer NONE = new Tracer() {
        @Override
        public void enter(EventKind kind, int zone, int pfn, int order, int mt, int aux) {
        }

        @Override
        public void exit(int result) {
        }

        @Override
        public void point(EventKind kind, int zone, int pfn, int order, int mt, int aux, int result) {
        }
    };
}
