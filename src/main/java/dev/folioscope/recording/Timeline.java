package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Tracer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Time travel over a recording (rr's ReplayTimeline): the state at any step is the nearest
 * checkpoint before it, forked and re-executed up to that step. The kernel is deterministic, so
 * re-execution reproduces the recorded events exactly; every replayed event is compared with the
 * recording field by field (type, depth, parent, CPU, pid, every field of its schema, and a call's
 * result) and a divergence is an error naming each field that differs, never silently wrong state.
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
     * @throws ReplayDivergedException if re-execution does not reproduce the recorded events
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
        Replay replay = new Replay(kernel, cp.step(), step, cp.openCalls());
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

    /**
     * Counts replayed events, checks each against the recording as the recorder would have logged
     * it (depth and parent from its own stack of open calls, the CPU from the kernel, the result of
     * a call when it returns), and stops at the target.
     */
    private final class Replay implements Tracer {
        private final EventLog log = recording.events();
        private final Kernel kernel;
        private final int target;
        private final int[] open = new int[128];
        private int depth;
        private int step;
        private Kernel before;

        /** Starts after event {@code start}, at an operation boundary, inside the calls {@code openCalls}. */
        Replay(Kernel kernel, int start, int target, int[] openCalls) {
            this.kernel = kernel;
            this.step = start;
            this.target = target;
            depth = openCalls.length;
            System.arraycopy(openCalls, 0, open, 0, depth);
        }

        private void event(EventType type, int cpu, int pid, long[] args) {
            step++;
            if (step > log.size()) {
                throw new ReplayDivergedException("replay diverged after the last step " + log.size()
                        + ": the kernel reported one more event, " + type.schema().function());
            }
            EventType recorded = log.type(step);
            if (recorded != type) {
                throw new ReplayDivergedException("replay diverged at step " + step + ": recorded "
                        + recorded.schema().function() + ", replayed " + type.schema().function());
            }
            int parent = depth == 0 ? 0 : open[depth - 1];
            List<FieldDiff> diff = FieldDiff.between(log.get(step), new Event(step, type, parent, depth, cpu, pid,
                    args, 0));
            if (!diff.isEmpty()) {
                throw diverged(step, "", diff);
            }
        }

        /** "replay diverged at step 5 (f): recorded order 2, replayed order 3; recorded ...". */
        private ReplayDivergedException diverged(int at, String when, List<FieldDiff> diff) {
            return new ReplayDivergedException("replay diverged at step " + at + " ("
                    + log.type(at).schema().function() + ")" + when + ": " + diff.stream()
                    .map(d -> "recorded " + d.field() + " " + d.a() + ", replayed " + d.field() + " " + d.b())
                    .collect(Collectors.joining("; ")));
        }

        /** After the event has passed its checks: keeps the state before the target, stops at the target. */
        private void reached() {
            if (step == target - 1) {
                before = kernel.snapshot();
            }
            if (step == target) {
                throw new Stop();
            }
        }

        @Override
        public void enter(EventType type, int cpu, int pid, long[] args) {
            event(type, cpu, pid, args);
            open[depth++] = step;
            reached();
        }

        @Override
        public void exit(long result) {
            int call = open[--depth];
            List<FieldDiff> diff = FieldDiff.ofResult(log.type(call), log.result(call), result);
            if (!diff.isEmpty()) {
                throw diverged(call, " on return", diff);
            }
        }

        @Override
        public void point(EventType type, int cpu, int pid, long[] args) {
            event(type, cpu, pid, args);
            reached();
        }
    }
}
