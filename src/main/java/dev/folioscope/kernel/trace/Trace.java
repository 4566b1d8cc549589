package dev.folioscope.kernel.trace;

/**
 * The one place every subsystem of a kernel reports its events through: it forwards to whichever
 * {@link Tracer} listens at the moment (a recorder, a replay, or nobody), and knows the CPU the
 * events are stamped with. Subsystems hold this object, not the tracer, so that attaching a
 * listener to a kernel reaches all of them at once.
 *
 * <p>The CPU is smp_processor_id of the code running, except while a per-CPU pageset of another
 * CPU is drained: drain_all_pages empties remote pagesets from the calling CPU, and those events
 * are stamped with the CPU whose lists they change.
 */
public final class Trace implements Tracer {
    private Tracer tracer = Tracer.NONE;
    private int cpu;

    public void attach(Tracer t) {
        tracer = t;
    }

    public int cpu() {
        return cpu;
    }

    public void setCpu(int cpu) {
        this.cpu = cpu;
    }

    @Override
    public void enter(EventKind kind, int zone, int pfn, int order, int mt, int aux) {
        tracer.enter(kind, zone, pfn, order, mt, aux);
    }

    @Override
    public void exit(int result) {
        tracer.exit(result);
    }

    @Override
    public void point(EventKind kind, int zone, int pfn, int order, int mt, int aux, int result) {
        tracer.point(kind, zone, pfn, order, mt, aux, result);
    }
}
