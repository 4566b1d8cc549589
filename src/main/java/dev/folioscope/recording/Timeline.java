package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.trace.EventKind;
import dev.folioscope.kernel.trace.Tracer;
import java.util.List;

/**
 * Time travel over a recording (rr's ReplayTimeline): the state at any step is the nearest
 * checkpoint before it, forked and re-executed up to that step. The kernel is deterministic, so
 * re-execution reproduces the recorded events exactly; every replayed event is compared with the
 * recording and a divergence is an error, never silently wrong state.
 *
 * <p>Navigation by nesting (step over, step out) is answered from the event index alone.
 *
 * <p>Context: any thread; any number of timelines of one recording may seek at once. A seek only
 * reads the recording (checkpoints are kernel snapshots, which forking does not write) and works
 * on its own forks.
 */
public final class Timeline {
    private final Recording recording;

    Timeline(Recording recording) {
        this.recording = recording;
    }

    /**
     * The kernel state at a step, with the state one step earlier for "what changed".
     *
     * @param step 0..lastStep
     * @return read-only kernels (snapshots) of this seek's own
     * @throws IndexOutOfBoundsException for a step outside the recording
     */
    public Moment seek(int step) {
        int last = recording.lastStep();
        if (step < 0 || step > last) {
            throw new IndexOutOfBoundsException("step " + step + " is outside 0.." + last);
        }
        if (step == 0) {
            return new Moment(0, recording.checkpoints().getFirst().kernel().snapshot(), null);
        }
        // The states handed out are the kernel as it was when events step - 1 and step were
        // reported. A checkpoint is taken at an operation boundary, which may lie after changes no
        // event reports, so replay starts before event step - 1 (step 0 is the booted machine).
        Checkpoint cp = checkpointAtOrBefore(Math.max(0, step - 2));
        Kernel kernel = cp.kernel().fork();
        Workload workload = cp.workload().fork();
        Replay replay = new Replay(kernel, cp.step(), step);
        if (cp.step() == step - 1) {
            replay.before = cp.kernel().snapshot();
        }
        kernel.setTracer(replay);
        try {
            while (workload.runNext(kernel)) {
                // runs until the replay stops at the target step
            }
            throw new IllegalStateException("replay ended at step " + replay.step + " before reaching " + step);
        } catch (Stop stop) {
            kernel.setTracer(Tracer.NONE);
            return new Moment(step, kernel.snapshot(), replay.before);
        }
    }

    /** The last checkpoint at or before {@code step}. */
    private Checkpoint checkpointAtOrBefore(int step) {
        List<Checkpoint> cps = recording.checkpoints();
        Checkpoint cp = cps.getFirst();
        int lo = 0;
        int hi = cps.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cps.get(mid).step() <= step) {
                cp = cps.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return cp;
    }

    /** The first step after {@code step} that is not inside it: "step over" from there. */
    public int stepOver(int step) {
        var log = recording.events();
        if (step >= log.size()) {
            return log.size();
        }
        int next = step + 1;
        int depth = step == 0 ? -1 : log.depth(step);
        while (next <= log.size() && step > 0 && log.depth(next) > depth) {
            next++;
        }
        return Math.min(next, log.size());
    }

    /** The first step after the call containing {@code step} returns: "step out". */
    public int stepOut(int step) {
        var log = recording.events();
        if (step == 0 || log.parent(step) == 0) {
            return stepOver(step);
        }
        return stepOver(log.parent(step));
    }

    /** The previous step at the same or lower depth: "step back over". */
    public int stepBackOver(int step) {
        var log = recording.events();
        if (step <= 1) {
            return 0;
        }
        int depth = log.depth(step);
        int prev = step - 1;
        while (prev > 1 && log.depth(prev) > depth) {
            prev--;
        }
        return prev;
    }

    /**
     * The kernel at a step, and the kernel one step earlier (null at step 0): snapshots, which
     * may be read from any thread and forked to explore, but not run.
     */
    public record Moment(int step, Kernel kernel, Kernel before) {
    }

    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** Counts replayed events, checks them against the recording, and stops at the target. */
    private final class Replay implements Tracer {
        private final Kernel kernel;
        private final int target;
        private int step;
        private Kernel before;

        Replay(Kernel kernel, int start, int target) {
            this.kernel = kernel;
            this.step = start;
            this.target = target;
        }

        private void event(EventKind kind) {
            step++;
            EventKind recorded = recording.events().kind(step);
            if (recorded != kind) {
                throw new IllegalStateException("replay diverged at step " + step + ": recorded " + recorded.function()
                        + ", replayed " + kind.function());
            }
            if (step == target - 1) {
                before = kernel.snapshot();
            }
            if (step == target) {
                throw new Stop();
            }
        }

        @Override
        public void enter(EventKind kind, int zone, int pfn, int order, int mt, int aux) {
            event(kind);
        }

        @Override
        public void exit(int result) {
        }

        @Override
        public void point(EventKind kind, int zone, int pfn, int order, int mt, int aux, int result) {
            event(kind);
        }
    }
}
