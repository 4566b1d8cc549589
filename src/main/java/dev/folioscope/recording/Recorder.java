package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.Workload.EventBound;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Tracer;
import dev.folioscope.kernel.trace.WorkloadEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs a workload on a freshly booted kernel and records every event, the objects each names
 * ({@link ObjectIndex}), the counters after each, and checkpoints for seeking.
 *
 * <p>Two budgets bound a recording ({@link Budget}). The event budget decides what is recorded: a
 * workload that must produce more events is refused before it starts, and one that merely does
 * is stopped at the first operation boundary at or past the budget and marked as cut short. It
 * is a fixed number, the same on every machine, so a scenario gives the same recording
 * everywhere. The checkpoint budget decides only how dense checkpoints are, never the events.
 *
 * <p>Checkpoint density: one at step 0, then one at the first operation boundary at least
 * {@code interval} events after the previous one. Each checkpoint is charged every byte it holds
 * that the one before it does not (see {@link Kernel#bytesNotIn}: the page state copied since,
 * counted exactly, and its zone copies) plus its workload copy. While the sum exceeds the
 * checkpoint budget, every second checkpoint is dropped, the interval doubles and the sum is
 * counted again, so memory stays bounded while seek time grows only with the interval.
 */
public final class Recorder implements Tracer {
    /**
     * The most events a recording holds, give or take its last operation: 16 Mi. Fixed, not taken
     * from the heap, so that a scenario records the same everywhere. A recording this long takes
     * about 480 MB of event index (24 bytes of header and some 6 bytes of fields an event), some
     * 100 MB of object index (4 bytes and a little for each object an event names, about 1.5 an
     * event in the benchmark's mix) and, on the largest machine (64 GiB), records and seeks within a 2 GiB
     * heap together with its checkpoints.
     */
    public static final int EVENT_BUDGET = 16 << 20;
    static final int INITIAL_INTERVAL = 1024;
    /** The settings named when refusing a scenario, at most. */
    private static final int SETTINGS_NAMED = 3;

    private final EventLog log = new EventLog();
    private final ObjectIndex.Builder objects = new ObjectIndex.Builder();
    private final int[] open = new int[EventLog.MAX_DEPTH + 1];
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private int depth;
    private Kernel kernel;
    private Counters counters;
    private int interval = INITIAL_INTERVAL;
    private long held;

    private Recorder() {
    }

    /**
     * What a recording may take.
     *
     * @param events the event budget: it decides where a recording is cut short, so it is part of
     *     what is recorded (a recording file stores it)
     * @param checkpointBytes the memory budget for checkpoints, which only decides their density
     */
    public record Budget(int events, long checkpointBytes) {
        public Budget {
            if (events < 1 || checkpointBytes < 0) {
                throw new IllegalArgumentException("budget of " + events + " events and " + checkpointBytes + " bytes");
            }
        }

        /**
         * {@link #EVENT_BUDGET} events, and a quarter of the heap (at most 1 GiB) for checkpoints:
         * the rest is left to the event index, the running kernel and seeks.
         */
        public static Budget defaults() {
            return new Budget(EVENT_BUDGET, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4));
        }

        Budget withEvents(int n) {
            return new Budget(n, checkpointBytes);
        }
    }

    /**
     * Records {@code input} to the end, or to the event budget, within the default budgets.
     *
     * @param onProgress called with the number of events recorded so far, every 65536 events (at the
     *     operation boundary that passes each multiple); to abandon the recording it may throw, e.g. a
     *     {@link java.util.concurrent.CancellationException}, which leaves this method as it is and
     *     leaves the partial recording to the garbage collector
     * @throws EventBudgetException before recording, if the workload must exceed the event budget
     */
    public static Recording record(RecordingInput input, IntConsumer onProgress) {
        return record(input, onProgress, Budget.defaults());
    }

    /** As {@link #record(RecordingInput, IntConsumer)}, within {@code budget}. */
    public static Recording record(RecordingInput input, IntConsumer onProgress, Budget budget) {
        return new Recorder().run(input, onProgress, budget);
    }

    private Recording run(RecordingInput input, IntConsumer onProgress, Budget budget) {
        Workload workload = input.workload();
        refuseOverBudget(input.name(), workload.minimumEvents(), budget.events());
        kernel = Kernel.boot(input.machine());
        counters = new Counters(kernel);
        checkpoint(0, workload, budget.checkpointBytes());
        kernel.setTracer(this);
        String cutShort = null;
        int nextProgress = 1 << 16;
        while (cutShort == null && workload.runNext(kernel)) {
            int step = log.size();
            if (step - checkpoints.getLast().step() >= interval) {
                checkpoint(step, workload, budget.checkpointBytes());
            }
            if (step >= nextProgress) {
                onProgress.accept(step);
                nextProgress += 1 << 16;
            }
            if (step >= budget.events() && workload.minimumEvents().events() > 0) {
                cutShort = cutShortReason(budget.events());
            }
        }
        kernel.setTracer(Tracer.NONE);
        return new Recording(input, log, objects.build(), counters, List.copyOf(checkpoints), held,
                kernel.digest(), budget.events(), cutShort);
    }

    /**
     * Refuses a workload that must produce more events than the budget, naming the settings that
     * contribute most: as many as it takes to fit, at most {@value #SETTINGS_NAMED}.
     */
    private static void refuseOverBudget(String scenario, EventBound bound, int budget) {
        if (bound.events() <= budget) {
            return;
        }
        List<String> named = new ArrayList<>();
        long rest = bound.events();
        for (EventBound.Part p : bound.parts()) {
            if (rest <= budget || named.size() == SETTINGS_NAMED) {
                break;
            }
            named.add(p.setting());
            rest -= p.events();
        }
        throw new EventBudgetException("scenario " + scenario + " needs at least " + bound.events()
                + " events, more than the recording budget of " + budget + ": lower " + String.join(", ", named)
                + " or split the scenario");
    }

    /** Why the recording stops here, where the workload has more to run (at an operation boundary). */
    private String cutShortReason(int budget) {
        String where = depth > 0 && log.type(open[0]) == WorkloadEvents.STEP
                ? ", inside steps[" + log.args(open[0])[0] + "]"
                : "";
        return "the recording budget of " + budget + " events was reached at event " + log.size() + where
                + "; the rest of the scenario was not recorded";
    }

    /** Keeps the state after {@code step} as a checkpoint, thinning the checkpoints to the budget. */
    private void checkpoint(int step, Workload workload, long budgetBytes) {
        Checkpoint cp = new Checkpoint(step, kernel.snapshot(), workload.fork(), Arrays.copyOf(open, depth));
        held += cost(cp, checkpoints.isEmpty() ? null : checkpoints.getLast());
        checkpoints.add(cp);
        while (held > budgetBytes && checkpoints.size() > 1) {
            thin();
            interval *= 2;
            held = 0;
            for (int i = 0; i < checkpoints.size(); i++) {
                held += cost(checkpoints.get(i), i == 0 ? null : checkpoints.get(i - 1));
            }
        }
    }

    /** The bytes {@code cp} holds that {@code previous} (null for the first) does not share. */
    private static long cost(Checkpoint cp, Checkpoint previous) {
        return cp.kernel().bytesNotIn(previous == null ? null : previous.kernel()) + cp.workload().footprintBytes();
    }

    /** Drops every second checkpoint but the first. */
    private void thin() {
        for (int i = checkpoints.size() - 1; i > 0; i--) {
            if (i % 2 == 1) {
                checkpoints.remove(i);
            }
        }
    }

    @Override
    public void enter(EventType type, int cpu, int pid, long[] args) {
        int step = log.append(type, depth == 0 ? 0 : open[depth - 1], depth, cpu, pid, args);
        objects.add(step, type, pid, args);
        counters.sample(step, kernel);
        open[depth++] = step;
    }

    @Override
    public void exit(long result) {
        log.setResult(open[--depth], result);
    }

    @Override
    public void point(EventType type, int cpu, int pid, long[] args) {
        int step = log.append(type, depth == 0 ? 0 : open[depth - 1], depth, cpu, pid, args);
        objects.add(step, type, pid, args);
        counters.sample(step, kernel);
    }
}
