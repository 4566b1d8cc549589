package dev.folioscope.kernel;

import java.util.List;

/**
 * What runs on the simulated kernel: a deterministic sequence of operations (system calls,
 * allocations, frees) that a recording can resume from any operation boundary.
 */
public interface Workload {
    /**
     * Runs the next operation against {@code kernel}, reporting it through {@link Kernel#trace()}.
     *
     * @return false once every operation has run (and nothing was run by this call)
     */
    boolean runNext(Kernel kernel);

    /**
     * An independent copy at the same position; the recording's checkpoints keep these.
     *
     * <p>Context: must only read this workload: a checkpoint's copy is forked by many threads at
     * once, each seek forking it and running the fork.
     */
    Workload fork();

    /**
     * About how many bytes a {@link #fork()} of this workload holds, for the checkpoint budget;
     * rather more than less.
     */
    long footprintBytes();

    /**
     * A lower bound on the events the rest of this workload produces (all of it, for a workload
     * that has not run): 0 exactly when {@link #runNext} has nothing left to run. The recorder
     * refuses, before it starts, a workload whose bound exceeds its event budget.
     */
    EventBound minimumEvents();

    /** The blocks the workload holds right now, as {pfn, order} pairs, for the accounting invariant. */
    Iterable<int[]> allocatedBlocks();

    /**
     * A lower bound on events and what it comes from.
     *
     * @param events the bound
     * @param parts the settings the bound comes from, each with the events it accounts for, largest
     *     first; their events add up to {@code events}
     */
    record EventBound(long events, List<Part> parts) {
        public EventBound {
            parts = List.copyOf(parts);
        }

        /**
         * One setting's share of the bound.
         *
         * @param setting the setting to lower, as the user wrote it, e.g. "steps[3].random.ops
         *     (1000000, line 12)"
         */
        public record Part(String setting, long events) {
        }
    }
}
