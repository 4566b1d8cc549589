package dev.folioscope.kernel.task;

import dev.folioscope.kernel.mmap.Mm;

/**
 * struct task_struct, as much of it as memory management sees: a process with its pid, its
 * name and its address space. Processes are single-threaded: each has its own mm.
 *
 * @param mm the address space; null once the task has exited (exit_mm)
 * @param parent the pid of the process that forked it, 0 for one spawned by the scenario
 */
public record Task(int pid, String comm, int parent, Mm mm) {
    public boolean alive() {
        return mm != null;
    }
}
