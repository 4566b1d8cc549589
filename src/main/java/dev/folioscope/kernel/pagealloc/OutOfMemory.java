package dev.folioscope.kernel.pagealloc;

import dev.folioscope.kernel.trace.OomEvents.OomResult;

/**
 * What the page allocator asks of the OOM killer (mm/oom_kill.c), which frees memory through the
 * processes' exit and so through the allocator: the kernel hands the allocator an implementation.
 */
public interface OutOfMemory {
    /** out_of_memory for an allocation of the running task: what it did (a kill, or why not). */
    OomResult outOfMemory(int gfp, int order, int migratetype);

    /** tsk_is_oom_victim(current): the running task has been chosen and has SIGKILL pending. */
    boolean currentIsOomVictim();
}
