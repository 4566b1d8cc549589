package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;

/**
 * The kernel and workload as they were after {@code step} events, at an operation boundary, and
 * the calls open there ({@code openCalls}, outermost first: the steps of their enter events).
 * Never run: seeking forks them. The open calls are kept rather than read off the next event:
 * operations that report nothing (a touch of a mapped page, a step of a killed process) may
 * close a call before the next event opens another.
 */
record Checkpoint(int step, Kernel kernel, Workload workload, int[] openCalls) {
}
