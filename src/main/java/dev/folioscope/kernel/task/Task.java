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
 */
public record Task(int pid, String comm, int parent, Mm mm, SortedMap<Integer, OpenFile> fds) {
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
        return new Task(pid, comm, parent, mm, new TreeMap<>());
    }

    public boolean alive() {
        return mm != null;
    }

    /** The task with another mm; exit (a null mm) closes its files (exit_files). */
    Task withMm(Mm mm) {
        return new Task(pid, comm, parent, mm, mm == null ? new TreeMap<>() : fds);
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
        return new Task(pid, comm, parent, mm, copy);
    }
}
