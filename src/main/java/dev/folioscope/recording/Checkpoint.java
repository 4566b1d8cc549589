package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;

/**
 * The kernel and workload as they were after {@code step} events, at an operation boundary. Never
 * run: seeking forks them.
 */
record Checkpoint(int step, Kernel kernel, Workload workload) {
}
