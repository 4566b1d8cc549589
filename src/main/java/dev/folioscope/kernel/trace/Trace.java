package dev.folioscope.kernel.trace;

/**
 * The one place every subsystem of a kernel reports its events through: it forwards to whichever
 * {@link Tracer} listens at the moment (a recorder, a replay, or nobody), and stamps each event
 * with the CPU and the task it runs for. Subsystems hold this object, not the tracer, so that
 * attaching a listener to a kernel reaches all of them at once.
 *
 * <p>Emitting is one call with the event's fields in schema order, e.g.
 * {@code trace.point(PageAllocEvents.BUDDY_MERGE, zone, pfn, order, mt, buddy)}; a call whose
 * number of fields does not match the schema throws, so an emitter cannot drift from its
 * definition. No call allocates.
 *
 * <p>The CPU is smp_processor_id of the code running, except while a per-CPU pageset of another
 * CPU is drained: drain_all_pages empties remote pagesets from the calling CPU, and those events
 * are stamped with the CPU whose lists they change.
 */
public final class Trace {
    /** The most fields an event has. */
    public static final int MAX_FIELDS = 8;

    private final long[] args = new long[MAX_FIELDS];
    private Tracer tracer = Tracer.NONE;
    private int cpu;
    private int pid;

    public void attach(Tracer t) {
        tracer = t;
    }

    public int cpu() {
        return cpu;
    }

    public void setCpu(int cpu) {
        this.cpu = cpu;
    }

    /** The pid of the task the kernel runs for ({@code current}); 0 when none. */
    public int pid() {
        return pid;
    }

    public void setPid(int pid) {
        this.pid = pid;
    }

    public void point(EventType t) {
        emitPoint(t, 0);
    }

    public void point(EventType t, long a0) {
        args[0] = a0;
        emitPoint(t, 1);
    }

    public void point(EventType t, long a0, long a1) {
        args[0] = a0;
        args[1] = a1;
        emitPoint(t, 2);
    }

    public void point(EventType t, long a0, long a1, long a2) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        emitPoint(t, 3);
    }

    public void point(EventType t, long a0, long a1, long a2, long a3) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        emitPoint(t, 4);
    }

    public void point(EventType t, long a0, long a1, long a2, long a3, long a4) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        emitPoint(t, 5);
    }

    public void point(EventType t, long a0, long a1, long a2, long a3, long a4, long a5) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        args[5] = a5;
        emitPoint(t, 6);
    }

    public void point(EventType t, long a0, long a1, long a2, long a3, long a4, long a5, long a6) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        args[5] = a5;
        args[6] = a6;
        emitPoint(t, 7);
    }

    public void point(EventType t, long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        args[5] = a5;
        args[6] = a6;
        args[7] = a7;
        emitPoint(t, 8);
    }

    public void enter(EventType t) {
        emitEnter(t, 0);
    }

    public void enter(EventType t, long a0) {
        args[0] = a0;
        emitEnter(t, 1);
    }

    public void enter(EventType t, long a0, long a1) {
        args[0] = a0;
        args[1] = a1;
        emitEnter(t, 2);
    }

    public void enter(EventType t, long a0, long a1, long a2) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        emitEnter(t, 3);
    }

    public void enter(EventType t, long a0, long a1, long a2, long a3) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        emitEnter(t, 4);
    }

    public void enter(EventType t, long a0, long a1, long a2, long a3, long a4) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        emitEnter(t, 5);
    }

    public void enter(EventType t, long a0, long a1, long a2, long a3, long a4, long a5) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        args[5] = a5;
        emitEnter(t, 6);
    }

    public void enter(EventType t, long a0, long a1, long a2, long a3, long a4, long a5, long a6) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        args[5] = a5;
        args[6] = a6;
        emitEnter(t, 7);
    }

    public void enter(EventType t, long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) {
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        args[3] = a3;
        args[4] = a4;
        args[5] = a5;
        args[6] = a6;
        args[7] = a7;
        emitEnter(t, 8);
    }

    /** Closes the innermost open call with its result. */
    public void exit(long result) {
        tracer.exit(result);
    }

    private void emitPoint(EventType t, int n) {
        check(t, n, false);
        tracer.point(t, cpu, pid, args);
    }

    private void emitEnter(EventType t, int n) {
        check(t, n, true);
        tracer.enter(t, cpu, pid, args);
    }

    private static void check(EventType t, int n, boolean call) {
        Schema s = t.schema();
        if (s.arity() != n || s.isCall() != call) {
            throw new IllegalArgumentException(t.name() + " emitted as a " + (call ? "call" : "point") + " with " + n
                    + " fields; its schema declares a " + (s.isCall() ? "call" : "point") + " with " + s.arity());
        }
    }
}
