package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.trace.Trace;
import java.util.List;

/**
 * A workload of hand-written operations, each reporting events straight through the kernel's
 * tracer, so that a test knows the event structure without running the allocator. Each operation
 * sees its generation: 0 in the workload that was recorded, one more in each fork; an operation
 * that looks at it is deliberately nondeterministic.
 */
final class ScriptedWorkload implements Workload {
    /** One operation: reports at least one event. */
    interface Op {
        void run(Kernel kernel, Trace trace, int generation);
    }

    /** A 16 MiB machine with two CPUs, for recording scripts on. */
    static final MachineConfig MACHINE = new MachineConfig(MachineConfig.zonesForMemory(16L << 20), 2,
            Sysctl.defaults(), ThpMode.NEVER);

    private final List<Op> ops;
    private final int generation;
    private int next;

    ScriptedWorkload(List<Op> ops) {
        this(ops, 0, 0);
    }

    private ScriptedWorkload(List<Op> ops, int next, int generation) {
        this.ops = List.copyOf(ops);
        this.next = next;
        this.generation = generation;
    }

    /** The input that records these operations on {@link #MACHINE}. */
    static RecordingInput input(List<Op> ops) {
        return new RecordingInput("script", "A hand-written script", "", MACHINE, new ScriptedWorkload(ops));
    }

    @Override
    public boolean runNext(Kernel kernel) {
        if (next == ops.size()) {
            return false;
        }
        ops.get(next++).run(kernel, kernel.trace(), generation);
        return true;
    }

    @Override
    public Workload fork() {
        return new ScriptedWorkload(ops, next, generation + 1);
    }

    @Override
    public long footprintBytes() {
        return 64;
    }

    @Override
    public EventBound minimumEvents() {
        int left = ops.size() - next;
        return new EventBound(left, List.of(new EventBound.Part("script (" + left + " operations)", left)));
    }

    @Override
    public Iterable<int[]> allocatedBlocks() {
        return List.of();
    }
}
