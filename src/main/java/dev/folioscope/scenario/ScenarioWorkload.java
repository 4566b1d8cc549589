package dev.folioscope.scenario;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.trace.WorkloadEvents;
import dev.folioscope.kernel.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario's steps against the kernel, one alloc_pages or free_pages call per operation.
 * Each step is a {@link WorkloadEvents#STEP} event containing its operations, so that "step over" in
 * the debugger skips a whole scenario step.
 *
 * <p>Blocks are filed under their step's label, oldest first. A random step draws from a
 * generator seeded by the scenario's seed and the step's index, so steps do not disturb each
 * other's choices.
 */
public final class ScenarioWorkload implements Workload {
    private final Scenario scenario;
    private final Map<String, BlockList> labels;
    private int step;
    private int op;
    private int opsInStep = -1;
    private SplitMix64 rng;

    public ScenarioWorkload(Scenario scenario) {
        this(scenario, new LinkedHashMap<>(), 0, 0, -1, null);
    }

    private ScenarioWorkload(Scenario scenario, Map<String, BlockList> labels, int step, int op, int opsInStep,
            SplitMix64 rng) {
        this.scenario = scenario;
        this.labels = labels;
        this.step = step;
        this.op = op;
        this.opsInStep = opsInStep;
        this.rng = rng;
    }

    @Override
    public Workload fork() {
        Map<String, BlockList> copy = new LinkedHashMap<>();
        labels.forEach((k, v) -> copy.put(k, v.copy()));
        return new ScenarioWorkload(scenario, copy, step, op, opsInStep, rng == null ? null : rng.copy());
    }

    /**
     * What {@link #fork()} copies, from above: this object, the map and its table, and for each
     * label an entry, a block list and its two int arrays.
     */
    @Override
    public long footprintBytes() {
        return 160 + labels.values().stream().mapToLong(l -> 160 + 8L * Math.max(1, l.size())).sum();
    }

    /**
     * The events the rest of the scenario produces at the least, step by step: each step's
     * {@link WorkloadEvents#STEP} event, and per operation (see PageAlloc and Vmstat) two for an
     * allocation (__alloc_pages, then get_page_from_freelist or, above MAX_PAGE_ORDER, warn_alloc),
     * two for a free (__free_pages, free_pages_prepare), as many as it has CPUs for a second of idle
     * time (vmstat_update on each) and one for drain_all_pages. A free step that has not started
     * counts no operations: the blocks it will find are not known yet.
     */
    @Override
    public EventBound minimumEvents() {
        List<Step> steps = scenario.steps();
        List<EventBound.Part> parts = new ArrayList<>();
        for (int i = step; i < steps.size(); i++) {
            Step st = steps.get(i);
            boolean started = i == step && opsInStep >= 0;
            long ops = started ? opsInStep - op : st instanceof Step.Free ? 0 : opsOf(st);
            parts.add(new EventBound.Part(setting(i, st), (started ? 0 : 1) + ops * minEventsPerOp(st)));
        }
        parts.sort(Comparator.comparingLong(EventBound.Part::events).reversed());
        return new EventBound(parts.stream().mapToLong(EventBound.Part::events).sum(), parts);
    }

    private int minEventsPerOp(Step st) {
        return switch (st) {
            case Step.Alloc a -> 2;
            case Step.Free f -> 2;
            case Step.Random r -> 2;
            case Step.Idle i -> scenario.machine().cpus();
            case Step.DrainAllPages d -> 1;
        };
    }

    /** The setting that sizes step i, as the scenario file spells it, e.g. "steps[3].random.ops (1000000, line 12)". */
    private static String setting(int i, Step st) {
        String at = "steps[" + i + "].";
        return switch (st) {
            case Step.Alloc a -> at + "alloc.count (" + a.count() + ", line " + a.line() + ")";
            case Step.Free f -> at + "free (line " + f.line() + ")";
            case Step.Random r -> at + "random.ops (" + r.ops() + ", line " + r.line() + ")";
            case Step.Idle d -> at + "idle.seconds (" + d.seconds() + ", line " + d.line() + ")";
            case Step.DrainAllPages d -> at + "drain_all_pages (line " + d.line() + ")";
        };
    }

    @Override
    public boolean runNext(Kernel kernel) {
        List<Step> steps = scenario.steps();
        if (step >= steps.size()) {
            return false;
        }
        Step st = steps.get(step);
        Trace trace = kernel.trace();
        if (opsInStep < 0) {
            opsInStep = opsOf(st);
            rng = new SplitMix64(scenario.seed() * 0x9e3779b97f4a7c15L + step);
            kernel.setCpu(cpuOf(st));
            trace.enter(WorkloadEvents.STEP, step);
        }
        if (op < opsInStep) {
            runOp(kernel, st);
            kernel.schedule();
            op++;
        }
        if (op >= opsInStep) {
            trace.exit(op);
            step++;
            op = 0;
            opsInStep = -1;
            rng = null;
        }
        return true;
    }

    private int opsOf(Step st) {
        return switch (st) {
            case Step.Alloc a -> a.count();
            case Step.Free f -> {
                int held = blocks(f.label()).size();
                yield f.count() == null ? held : Math.min(f.count(), held);
            }
            case Step.Random r -> r.ops();
            case Step.Idle i -> i.seconds();
            case Step.DrainAllPages d -> 1;
        };
    }

    /** The CPU a step's task runs on; idle time and drains start on CPU 0. */
    private static int cpuOf(Step st) {
        return switch (st) {
            case Step.Alloc a -> a.cpu();
            case Step.Free f -> f.cpu();
            case Step.Random r -> r.cpu();
            case Step.Idle i -> 0;
            case Step.DrainAllPages d -> 0;
        };
    }

    private void runOp(Kernel kernel, Step st) {
        switch (st) {
            case Step.Alloc a -> alloc(kernel, a.label(), a.gfp(), a.order());
            case Step.Free f -> {
                BlockList list = blocks(f.label());
                kernel.pageAlloc().freePages(list.pfn(0), list.order(0));
                list.removeFirst();
            }
            case Step.Random r -> randomOp(kernel, r);
            case Step.Idle i -> kernel.vmstatTick();
            case Step.DrainAllPages d -> kernel.pageAlloc().drainAllPages();
        }
    }

    private void randomOp(Kernel kernel, Step.Random r) {
        BlockList list = blocks(r.label());
        if (list.size() > 0 && rng.nextInt(100) < r.freePercent()) {
            int i = rng.nextInt(list.size());
            kernel.pageAlloc().freePages(list.pfn(i), list.order(i));
            list.swapRemove(i);
        } else {
            int order = pick(r.orders()).value();
            int gfp = pick(r.gfps()).value();
            alloc(kernel, r.label(), gfp, order);
        }
    }

    private Step.Weighted pick(List<Step.Weighted> choices) {
        long total = choices.stream().mapToLong(Step.Weighted::weight).sum();
        long x = rng.nextLong(total);
        for (Step.Weighted w : choices) {
            x -= w.weight();
            if (x < 0) {
                return w;
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }

    private void alloc(Kernel kernel, String label, int gfp, int order) {
        int pfn = kernel.pageAlloc().allocPages(gfp, order);
        if (pfn >= 0) {
            blocks(label).add(pfn, order);
        }
    }

    private BlockList blocks(String label) {
        return labels.computeIfAbsent(label, l -> new BlockList());
    }

    @Override
    public Iterable<int[]> allocatedBlocks() {
        List<int[]> all = new ArrayList<>();
        labels.values().forEach(l -> l.forEach(all::add));
        return all;
    }
}
