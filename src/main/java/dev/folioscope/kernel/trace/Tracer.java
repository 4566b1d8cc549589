package dev.folioscope.kernel.trace;

/**
 * The one narrow interface through which the simulated kernel reports every step it takes. The
 * kernel does not know who listens: a recorder, a replay that stops at a given step, or nobody.
 *
 * <p>Each event comes with the CPU it ran on and the pid of the task it ran for (0 for none), as
 * a tracepoint's common header does, and its fields as longs in the order its {@link Schema}
 * declares them. {@code args} is a buffer the caller reuses: a listener copies what it keeps
 * before returning. Only the first {@link Schema#arity()} entries are meaningful.
 *
 * <p>A call is opened with {@link #enter} and closed with {@link #exit}; a leaf is a
 * {@link #point}, reported right after the change it describes, so the state "at" an event
 * includes that event's own change and none of its successors'.
 */
public interface Tracer {
    void enter(EventType type, int cpu, int pid, long[] args);

    /** Closes the innermost open call with its result. */
    void exit(long result);

    void point(EventType type, int cpu, int pid, long[] args);

    /** A tracer that ignores everything. */
    Tracer NONE = new Tracer() {
        @Override
        public void enter(EventType type, int cpu, int pid, long[] args) {
        }

        @Override
        public void exit(long result) {
        }

        @Override
        public void point(EventType type, int cpu, int pid, long[] args) {
        }
    };
}
