package dev.folioscope.scenario;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.trace.Trace;
import dev.folioscope.kernel.trace.WorkloadEvents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a scenario's steps against the kernel, each as its kind says ({@link StepKind#ops},
 * {@link StepKind#run}): one operation per {@link #runNext} call. Each step is a
 * {@link WorkloadEvents#STEP} event containing its operations, so that "step over" in the debugger
 * skips a whole scenario step; its result is the number of operations it made.
 */
public final class ScenarioWorkload implements Workload {
    private final Scenario scenario;
    private final Run run;
    private int step;
    private int op;
    private int opsInStep = -1;

    public ScenarioWorkload(Scenario scenario) {
        this(scenario, kernel -> SyscallTarget.of(kernel.syscalls()));
    }

    /** A workload whose process steps make their system calls on {@code syscalls} of the kernel it runs on. */
    ScenarioWorkload(Scenario scenario, Function<Kernel, SyscallTarget> syscalls) {
        this(scenario, new Run(scenario, syscalls), 0, 0, -1);
    }

    private ScenarioWorkload(Scenario scenario, Run run, int step, int op, int opsInStep) {
        this.scenario = scenario;
        this.run = run;
        this.step = step;
        this.op = op;
        this.opsInStep = opsInStep;
    }

    @Override
    public Workload fork() {
        return new ScenarioWorkload(scenario, run.fork(), step, op, opsInStep);
    }

    /** What {@link #fork()} copies: this object and the run's state. */
    @Override
    public long footprintBytes() {
        return run.footprintBytes();
    }

    /**
     * The events the rest of the scenario produces at the least, step by step: each step's
     * {@link WorkloadEvents#STEP} event and, per operation, the fewest events its kind reports
     * ({@link StepKind#minEventsPerOp}); for a step not started, the operations its kind plans
     * ({@link StepKind#plannedOps}).
     */
    @Override
    public EventBound minimumEvents() {
        List<Step> steps = scenario.steps();
        List<EventBound.Part> parts = new ArrayList<>();
        for (int i = step; i < steps.size(); i++) {
            Step st = steps.get(i);
            StepKind<?> kind = st.kind();
            boolean started = i == step && opsInStep >= 0;
            long ops = started ? opsInStep - op : kind.plannedOpsOf(st);
            long perOp = kind.minEventsPerOpOf(st, scenario.machine());
            parts.add(new EventBound.Part("steps[" + i + "]." + kind.settingOf(st), (started ? 0 : 1) + ops * perOp));
        }
        parts.sort(Comparator.comparingLong(EventBound.Part::events).reversed());
        return new EventBound(parts.stream().mapToLong(EventBound.Part::events).sum(), parts);
    }

    /**
     * One operation of the step, and the scheduling point after it; or, while that scheduling point
     * is not over (kswapd inside a run), its next pass, as an operation of its own that the step
     * does not count.
     */
    @Override
    public boolean runNext(Kernel kernel) {
        if (kernel.inSchedule()) {
            kernel.continueSchedule();
            endStepIfDone(kernel);
            return true;
        }
        List<Step> steps = scenario.steps();
        if (step >= steps.size()) {
            return false;
        }
        Step st = steps.get(step);
        StepKind<?> kind = st.kind();
        Trace trace = kernel.trace();
        // Each operation starts with no task running; a system call makes its process current.
        trace.setPid(0);
        run.on(kernel);
        if (opsInStep < 0) {
            run.startStep(step);
            opsInStep = kind.opsOf(st, run);
            kernel.setCpu(st.cpu());
            trace.enter(WorkloadEvents.STEP, step);
        }
        if (op < opsInStep) {
            kind.runOf(st, run, op);
            kernel.beginSchedule();
            op++;
        }
        endStepIfDone(kernel);
        return true;
    }

    /** Closes the step once its operations and the scheduling point after the last are over. */
    private void endStepIfDone(Kernel kernel) {
        if (op >= opsInStep && !kernel.inSchedule()) {
            kernel.trace().exit(op);
            step++;
            op = 0;
            opsInStep = -1;
            run.endStep();
        }
    }

    /**
     * What failed so far, by step index: a system call that returned an errno, a brk the kernel
     * refused, an access that would get SIGSEGV, or a step that could not run because its process
     * or region does not exist (its fork or mmap failed); the first such thing of each step, and
     * how many more there were.
     */
    public Map<Integer, String> failures() {
        return run.failures();
    }

    /** What the scenario's kstate steps have printed so far: the conformance kit's output. */
    public String kstateOutput() {
        return run.kstate().text();
    }

    /**
     * Runs {@code scenario} on a machine of its own, unrecorded, and returns what its kstate steps
     * printed: the text to diff against a conformance golden file.
     */
    public static String kstateOutput(Scenario scenario) {
        Kernel kernel = Kernel.boot(scenario.machine());
        ScenarioWorkload w = new ScenarioWorkload(scenario);
        while (w.runNext(kernel)) {
            // each call runs one operation
        }
        return w.kstateOutput();
    }

    @Override
    public Iterable<int[]> allocatedBlocks() {
        return run.allocatedBlocks();
    }
}
