package dev.folioscope.kernel.task;

import dev.folioscope.kernel.filemap.Readahead;
import dev.folioscope.kernel.mmap.Mm;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * struct task_struct, as much of it as memory management sees: a process with its pid, its
 * name, its address space and its open files. Processes are single-threaded: each has its own mm.
 *
 * @param mm the address space; null once the task has exited (exit_mm)
 * @param parent the pid of the process that forked it, 0 for one spawned by the scenario
 * @param fds the file table: each open file descriptor and what it names (unmodifiable)
 * @param oomScoreAdj signal->oom_score_adj, {@link #OOM_SCORE_ADJ_MIN} to {@link #OOM_SCORE_ADJ_MAX};
 *     a fork inherits it (copy_signal)
 * @param oomVictim tsk_is_oom_victim: the OOM killer chose it (TIF_MEMDIE, signal->oom_mm); it
 *     has SIGKILL pending and exits when it next returns to user mode
 */
public record Task(int pid, String comm, int parent, Mm mm, SortedMap<Integer, OpenFile> fds, int oomScoreAdj,
        boolean oomVictim) {
    /** OOM_SCORE_ADJ_MIN: never chosen by the OOM killer. */
    public static final int OOM_SCORE_ADJ_MIN = -1000;
    public static final int OOM_SCORE_ADJ_MAX = 1000;
    /** The lowest descriptor open hands out: 0 to 2 are the standard streams, which the model leaves out. */
    public static final int FIRST_FD = 3;

    /**
     * An open file description: the inode, whether it was opened for writing (always for reading
     * too: the model's files are opened O_RDONLY or O_RDWR), and its readahead state (f_ra).
     */
    public record OpenFile(int ino, boolean writable, Readahead ra) {
        OpenFile withRa(Readahead ra) {
            return new OpenFile(ino, writable, ra);
        }
    }

    public Task {
        fds = Collections.unmodifiableSortedMap(new TreeMap<>(fds));
    }

    /** A task with no open files. */
    static Task withoutFiles(int pid, String comm, int parent, Mm mm) {
        return new Task(pid, comm, parent, mm, new TreeMap<>(), 0, false);
    }

    public boolean alive() {
        return mm != null;
    }

    /** The task with another mm; exit (a null mm) closes its files (exit_files). */
    Task withMm(Mm mm) {
        return new Task(pid, comm, parent, mm, mm == null ? new TreeMap<>() : fds, oomScoreAdj,
                mm != null && oomVictim);
    }

    /** get_unused_fd_flags: the lowest free descriptor. */
    int lowestFreeFd() {
        int fd = FIRST_FD;
        while (fds.containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    Task withFd(int fd, OpenFile file) {
        TreeMap<Integer, OpenFile> copy = new TreeMap<>(fds);
        if (file == null) {
            copy.remove(fd);
        } else {
            copy.put(fd, file);
        }
        return new Task(pid, comm, parent, mm, copy, oomScoreAdj, oomVictim);
    }

    Task withOomScoreAdj(int adj) {
        return new Task(pid, comm, parent, mm, fds, adj, oomVictim);
    }

    /** mark_oom_victim: TIF_MEMDIE set, signal->oom_mm taken. */
    Task markedOomVictim() {
        return new Task(pid, comm, parent, mm, fds, oomScoreAdj, true);
    }
}
