package dev.folioscope.kernel.trace;

import dev.folioscope.kernel.base.KernelState;

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
 * <p>Events are stamped with the CPU the task runs on (smp_processor_id), except while work is
 * done for another CPU ({@link #stampCpu}): drain_all_pages empties remote pagesets from the
 * calling CPU, and the vmstat worker of each CPU runs there; those events carry the CPU whose
 * lists they change. The task's CPU and pid are kernel state (what runs where), so they fork and
 * digest with the kernel; the stamp lasts only within one operation, and the listener is not
 * state: a fork starts with none.
 */
public final class Trace implements KernelState<Trace> {
    /** The most fields an event has. */
    public static final int MAX_FIELDS = 12;

    private final long[] args = new long[MAX_FIELDS];
    private Tracer tracer = Tracer.NONE;
    private int cpu;
    private int pid;
    /** The CPU events are stamped with while work is done for it; -1 for the task's own. */
    private int stamp = -1;

    @Override
    public Trace fork() {
        Trace t = new Trace();
        t.cpu = cpu;
        t.pid = pid;
        return t;
    }

    @Override
    public long digest(long h) {
        return ((h ^ cpu) * 0x100000001b3L ^ pid) * 0x100000001b3L;
    }

    @Override
    public long bytesNotIn(Trace older) {
        return 128;
    }

    public void attach(Tracer t) {
        tracer = t;
    }

    public int cpu() {
        return cpu;
    }

    public void setCpu(int cpu) {
        this.cpu = cpu;
    }

    /** Stamps the events that follow with {@code cpu}, whose per-CPU state they change, until {@link #unstampCpu}. */
    public void stampCpu(int cpu) {
        stamp = cpu;
    }

    public void unstampCpu() {
        stamp = -1;
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

    /**
     * A point of more than eight fields (the OOM report's lines): {@code values} in schema order,
     * copied before the call returns.
     */
    public void point(EventType t, long[] values) {
        System.arraycopy(values, 0, args, 0, values.length);
        emitPoint(t, values.length);
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
        tracer.point(t, stamp < 0 ? cpu : stamp, pid, args);
    }

    private void emitEnter(EventType t, int n) {
        check(t, n, true);
        tracer.enter(t, stamp < 0 ? cpu : stamp, pid, args);
    }

    private static void check(EventType t, int n, boolean call) {
        Schema s = t.schema();
        if (s.arity() != n || s.isCall() != call) {
            throw new IllegalArgumentException(t.name() + " emitted as a " + (call ? "call" : "point") + " with " + n
                    + " fields; its schema declares a " + (s.isCall() ? "call" : "point") + " with " + s.arity());
        }
    }
}
