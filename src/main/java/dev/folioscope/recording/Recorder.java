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
 * {@code interval} events after the previous one. When the page state and workload copies the
 * checkpoints hold exceed the memory budget, every second checkpoint is dropped and the interval doubles, so
 * memory stays bounded while seek time grows only with the interval.
 */
public final class Recorder implements Tracer {
    static final int INITIAL_INTERVAL = 1024;
    static final long DEFAULT_BUDGET_BYTES = 512L << 20;

    private final EventLog log = new EventLog();
    private final int[] open = new int[128];
    private int depth;
    private Kernel kernel;
    private Counters counters;

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
        List<Checkpoint> checkpoints = new ArrayList<>();
        checkpoints.add(new Checkpoint(0, kernel.fork(), workload.fork()));
        kernel.setTracer(this);
        int interval = INITIAL_INTERVAL;
        long held = 0;
        int nextProgress = 1 << 16;
        while (workload.runNext(kernel)) {
            int step = log.size();
            if (step - checkpoints.getLast().step() >= interval) {
                held += kernel.mem().ownedBytes() + workload.footprintBytes();
                checkpoints.add(new Checkpoint(step, kernel.fork(), workload.fork()));
                if (held > budgetBytes) {
                    thin(checkpoints);
                    held /= 2;
                    interval *= 2;
                }
            }
            if (step >= nextProgress) {
                onProgress.accept(step);
                nextProgress += 1 << 16;
            }
        }
        kernel.setTracer(Tracer.NONE);
        return new Recording(input, log, counters, List.copyOf(checkpoints), kernel.digest());
    }

    /** Drops every second checkpoint but the first. */
    private static void thin(List<Checkpoint> checkpoints) {
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
