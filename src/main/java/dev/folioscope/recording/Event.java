package dev.folioscope.recording;

import dev.folioscope.kernel.trace.EventKind;

/**
 * One recorded kernel-level step. {@code step} numbers events from 1; the state "at step s" is the
 * state right after event s (step 0 is the booted machine). {@code parent} is the step of the
 * enclosing call, 0 at top level; {@code depth} is 0 at top level; {@code cpu} is the CPU the
 * kernel ran the event on. Argument meanings follow {@link dev.folioscope.kernel.trace.Tracer}; -1
 * means unused.
 */
public record Event(int step, EventKind kind, int parent, int depth, int cpu, int zone, int pfn, int order, int mt,
        int aux, int result) {
}
