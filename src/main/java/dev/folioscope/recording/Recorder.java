package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.trace.EventKind;
import dev.folioscope.kernel.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs a workload on a freshly booted kernel and records every event, the counters after each,
 * and checkpoints for seeking.
 *
 * <p>Checkpoint density: one at step 0, then one at the first operation boundary at least
 * {@code interval} events after the previous one. Each checkpoint is charged every byte it holds
 * that the one before it does not (see {@link Kernel#bytesNotIn}: the page state copied since,
 * counted exactly, and its zone copies) plus its workload copy. While the sum exceeds the memory
 * budget, every second checkpoint is dropped, the interval doubles and the sum is counted again,
 * so memory stays bounded while seek time grows only with the interval.
 */
public final class Recorder implements Tracer {
    static final int INITIAL_INTERVAL = 1024;
    static final long DEFAULT_BUDGET_BYTES = 512L << 20;

    private final EventLog log = new EventLog();
    private final int[] open = new int[128];
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private int depth;
    private Kernel kernel;
    private Counters counters;
    private int interval = INITIAL_INTERVAL;
    private long held;

    private Recorder() {
    }

    /**
     * Records {@code input} to the end.
     *
     * @param onProgress called with the number of events recorded so far, every 65536 events
     */
    public static Recording record(RecordingInput input, IntConsumer onProgress) {
        return record(input, onProgress, DEFAULT_BUDGET_BYTES);
    }

    /** As {@link #record(RecordingInput, IntConsumer)}, keeping checkpoints within {@code budgetBytes}. */
    static Recording record(RecordingInput input, IntConsumer onProgress, long budgetBytes) {
        return new Recorder().run(input, onProgress, budgetBytes);
    }

    private Recording run(RecordingInput input, IntConsumer onProgress, long budgetBytes) {
        kernel = Kernel.boot(input.machine());
        counters = new Counters(kernel);
        Workload workload = input.workload();
        checkpoint(0, workload, budgetBytes);
        kernel.setTracer(this);
        int nextProgress = 1 << 16;
        while (workload.runNext(kernel)) {
            int step = log.size();
            if (step - checkpoints.getLast().step() >= interval) {
                checkpoint(step, workload, budgetBytes);
            }
            if (step >= nextProgress) {
                onProgress.accept(step);
                nextProgress += 1 << 16;
            }
        }
        kernel.setTracer(Tracer.NONE);
        return new Recording(input, log, counters, List.copyOf(checkpoints), kernel.digest());
    }

    /** Keeps the state after {@code step} as a checkpoint, thinning the checkpoints to the budget. */
    private void checkpoint(int step, Workload workload, long budgetBytes) {
        Checkpoint cp = new Checkpoint(step, kernel.snapshot(), workload.fork());
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
    public void enter(EventKind kind, int zone, int pfn, int order, int mt, int aux) {
        int step = log.append(kind, depth == 0 ? 0 : open[depth - 1], depth, kernel.cpu(), zone, pfn, order, mt, aux,
                -1);
        counters.sample(step, kernel);
        open[depth++] = step;
    }

    @Override
    public void exit(int result) {
        log.setResult(open[--depth], result);
    }

    @Override
    public void point(EventKind kind, int zone, int pfn, int order, int mt, int aux, int result) {
        int step = log.append(kind, depth == 0 ? 0 : open[depth - 1], depth, kernel.cpu(), zone, pfn, order, mt, aux,
                result);
        counters.sample(step, kernel);
    }
}
