package dev.folioscope.kernel;

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

    /** An independent copy at the same position; the recording's checkpoints keep these. */
    Workload fork();

    /** About how many bytes a {@link #fork()} of this workload holds, for the checkpoint budget. */
    long footprintBytes();

    /** The blocks the workload holds right now, as {pfn, order} pairs, for the accounting invariant. */
    Iterable<int[]> allocatedBlocks();
}
