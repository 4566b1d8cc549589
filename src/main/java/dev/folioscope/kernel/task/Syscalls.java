package dev.folioscope.kernel.task;

import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.filemap.Readahead;
import dev.folioscope.kernel.memory.Memory;
import dev.folioscope.kernel.mmap.MappedFile;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.MmapSyscalls;
import dev.folioscope.kernel.mmap.TaskLimits;
import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.OomEvents;
import dev.folioscope.kernel.trace.TaskEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * The system calls of the model's processes, and their memory accesses: the entry points a
 * workload drives, each run as the calling task ({@code current}: its pid stamps every event
 * from the call on, until another task runs). Return values are the kernel's: an address or count, or a negative
 * errno; calling with a pid that is not a live process gives -ESRCH's neighbour, -EINVAL.
 *
 * <p>Processes run with root's limits (CAP_IPC_LOCK, unlimited address space), as the
 * conformance cases do. Files are whole pages: reads and writes take a page offset and a count
 * of pages.
 */
public final class Syscalls {
    private static final TaskLimits LIMITS = TaskLimits.ROOT;

    private final Tasks tasks;
    private final MmapSyscalls mmap;
    private final Memory memory;
    private final Filemap filemap;
    private final Fadvise fadvise;
    private final Trace trace;
    private final boolean l5;

    public Syscalls(Tasks tasks, MmapSyscalls mmap, Memory memory, Filemap filemap, Fadvise fadvise, Trace trace,
            boolean l5) {
        this.tasks = tasks;
        this.mmap = mmap;
        this.memory = memory;
        this.filemap = filemap;
        this.fadvise = fadvise;
        this.trace = trace;
        this.l5 = l5;
    }

    /**
     * A new process, as init would start one with fork and execve of an empty program: a fresh
     * mm with only its stack VMA and an empty heap.
     *
     * @return its pid (pids count from 1 in spawning order; fork takes the next), or a negative errno
     */
    public long spawn(String comm) {
        int pid = tasks.allocPid();
        trace.setPid(pid);
        trace.enter(TaskEvents.SPAWN, pid);
        long ret = newMm(Task.withoutFiles(pid, comm, 0, null));
        trace.exit(ret < 0 ? ret : pid);
        return ret < 0 ? ret : pid;
    }

    /** mm_alloc + setup of an exec'd program for task {@code t}; 0 or a negative errno. */
    private long newMm(Task t) {
        // In the task list before its first event, so that every event finds the state it reports.
        Mm mm = new Mm(t.pid(), l5);
        tasks.put(t.withMm(mm));
        long ret = memory.pgdAlloc(mm);
        if (ret == 0) {
            ret = mmap.setupExecMm(mm, LIMITS, MmapSyscalls.DEFAULT_START_BRK);
        }
        if (ret != 0) {
            tasks.put(t.withMm(null));
        }
        return ret;
    }

    /** fork(2): the child pid, or a negative errno. */
    public long fork(int pid) {
        Task parent = live(pid);
        if (parent == null) {
            return -Errno.EINVAL;
        }
        int child = tasks.allocPid();
        trace.setPid(pid);
        trace.enter(TaskEvents.FORK, pid, child);
        Mm mm = mmap.dupMmap(parent.mm(), LIMITS, child);
        long ret = mm == null ? -Errno.ENOMEM : child;
        if (mm != null) {
            tasks.put(new Task(child, parent.comm(), pid, mm, parent.fds(), parent.oomScoreAdj(), false));
            trace.point(TaskEvents.FLUSH_TLB_MM, pid);
        }
        trace.exit(ret);
        return returnToUser(pid, ret);
    }

    /** exit(2): the task's mm goes; 0. */
    public long exit(int pid) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        trace.enter(TaskEvents.EXIT, pid);
        tasks.put(t.withMm(null));
        releaseMm(t.mm());
        trace.exit(0);
        return 0;
    }

    /** exit_mmap, then the page-table root; shmem objects no mapping holds any more go too. */
    private void releaseMm(Mm mm) {
        mmap.exitMmap(mm);
        memory.pgdFree(mm);
        releaseUnmappedShmem(mm);
    }

    /**
     * The final fput of a shmem object: once no VMA of {@code mm} (being torn down, or the
     * caller's) or of a live process maps it, it is truncated and freed. The kernel counts the
     * file's references; the model looks for a VMA still naming it, when the call that may have
     * removed the last one returns.
     */
    private void releaseUnmappedShmem(Mm mm) {
        for (Inode inode : filemap.cache().all()) {
            if (inode.shmem() && !mapsFile(mm, inode.ino())) {
                filemap.shmemRelease(inode.ino());
            }
        }
    }

    private boolean mapsFile(Mm mm, int ino) {
        for (var v : mm.vmas()) {
            if (v.file() == ino) {
                return true;
            }
        }
        for (Task t : tasks.alive()) {
            for (var v : t.mm().vmas()) {
                if (v.file() == ino) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The exit of a process the OOM killer has just killed while another task ran: it runs its
     * exit as {@link #exit} does, its events stamped with its own pid; then the running task's
     * pid is restored.
     */
    public void exitKilled(int pid) {
        int running = trace.pid();
        exit(pid);
        trace.setPid(running);
    }

    /**
     * do_send_sig_info(SIGKILL) and mark_oom_victim (mm/oom_kill.c): the OOM killer's victim gets
     * its fatal signal and TIF_MEMDIE.
     */
    public void markOomVictim(int pid) {
        tasks.put(live(pid).markedOomVictim());
        trace.point(OomEvents.MARK_VICTIM, pid);
    }

    /**
     * A write of /proc/PID/oom_score_adj (fs/proc/base.c: __set_oom_adj), as root.
     *
     * @return 0, or -EINVAL for a value outside -1000..1000
     */
    public long setOomScoreAdj(int pid, int adj) {
        Task t = live(pid);
        if (t == null || adj < Task.OOM_SCORE_ADJ_MIN || adj > Task.OOM_SCORE_ADJ_MAX) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        tasks.put(t.withOomScoreAdj(adj));
        trace.point(OomEvents.SET_OOM_SCORE_ADJ, pid, adj);
        return 0;
    }

    /**
     * The return to user mode of {@code pid} after a call or an access: a pending SIGKILL from the
     * OOM killer (the task was the victim of its own allocation) is delivered, and it exits.
     */
    private long returnToUser(int pid, long ret) {
        Task t = tasks.get(pid);
        if (t != null && t.alive() && t.oomVictim()) {
            exit(pid);
        }
        return ret;
    }

    /** execve(2) of an empty program: a new mm like {@link #spawn}'s; 0. */
    public long execve(int pid) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        trace.enter(TaskEvents.EXECVE, pid);
        releaseMm(t.mm());
        long ret = newMm(t);
        trace.exit(ret);
        return ret;
    }

    /** mmap(2): {@code fd} names the file of a mapping without MAP_ANONYMOUS (-EBADF if it is not open). */
    public long mmap(int pid, long addr, long len, int prot, int flags, int fd, long offset) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        Task.OpenFile open = t.fds().get(fd);
        MappedFile file = null;
        if (open != null) {
            file = new MappedFile(open.ino(), filemap.cache().get(open.ino()).sizePages(), true, open.writable(),
                    false);
        }
        trace.setPid(pid);
        long ret = mmap.mmap(t.mm(), LIMITS, addr, len, prot, flags, file, offset);
        releaseUnmappedShmem(t.mm());
        return returnToUser(pid, ret);
    }

    public long munmap(int pid, long addr, long len) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        long ret = as(pid, () -> mmap.munmap(t.mm(), addr, len));
        releaseUnmappedShmem(t.mm());
        return ret;
    }

    /**
     * openat(2) of a file of the machine, O_RDWR when {@code writable}, else O_RDONLY.
     *
     * @return the new descriptor (the lowest free one), or -ENOENT for no such file
     */
    public long open(int pid, int ino, boolean writable) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        Inode inode = filemap.cache().get(ino);
        long ret = inode == null || inode.shmem() ? -Errno.ENOENT : t.lowestFreeFd();
        if (ret >= 0) {
            tasks.put(t.withFd((int) ret, new Task.OpenFile(ino, writable, Readahead.NEW)));
        }
        trace.point(TaskEvents.OPEN, ino, writable ? 1 : 0, ret);
        return ret;
    }

    /** close(2): 0, or -EBADF. */
    public long close(int pid, int fd) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        long ret = t.fds().containsKey(fd) ? 0 : -Errno.EBADF;
        if (ret == 0) {
            tasks.put(t.withFd(fd, null));
        }
        trace.point(TaskEvents.CLOSE, fd, ret);
        return ret;
    }

    /** pread64(2) of {@code pages} whole pages from page {@code pgoff}: the bytes read (0 at EOF), or -EBADF. */
    public long pread(int pid, int fd, long pgoff, long pages) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        trace.enter(TaskEvents.PREAD, fd, pgoff, pages);
        Task.OpenFile open = t.fds().get(fd);
        long ret = -Errno.EBADF;
        if (open != null) {
            Filemap.ReadResult r = filemap.read(filemap.cache().get(open.ino()), open.ra(), pgoff, pages);
            // the open file's readahead state changes with the read, before the call returns
            tasks.put(t.withFd(fd, open.withRa(r.ra())));
            ret = r.pages() * 4096;
        }
        trace.exit(ret);
        return returnToUser(pid, ret);
    }

    /**
     * fadvise64(2) of {@code pages} whole pages from page {@code pgoff} (0: to the end of the
     * file): 0, or -EBADF.
     */
    public long fadvise(int pid, int fd, long pgoff, long pages, Fadvise.Advice advice) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        trace.enter(TaskEvents.FADVISE, fd, pgoff, pages, advice.posix);
        Task.OpenFile open = t.fds().get(fd);
        long ret = -Errno.EBADF;
        if (open != null) {
            fadvise.fadvise(filemap.cache().get(open.ino()), pgoff, pages, advice);
            ret = 0;
        }
        trace.exit(ret);
        return ret;
    }

    /**
     * pwrite64(2) of {@code pages} whole pages at page {@code pgoff}: the bytes written, -EBADF
     * for a descriptor not open for writing, -EFBIG past the largest file, -ENOMEM when not even
     * the first page could be had.
     */
    public long pwrite(int pid, int fd, long pgoff, long pages) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        trace.enter(TaskEvents.PWRITE, fd, pgoff, pages);
        Task.OpenFile open = t.fds().get(fd);
        long ret;
        if (open == null || !open.writable()) {
            ret = -Errno.EBADF;
        } else {
            Inode inode = filemap.cache().get(open.ino());
            if (pgoff >= inode.maxPages()) {
                ret = -Errno.EFBIG;
            } else {
                long done = filemap.write(inode, pgoff, pages);
                ret = done == 0 && pages > 0 ? -Errno.ENOMEM : done * 4096;
            }
        }
        trace.exit(ret);
        return returnToUser(pid, ret);
    }

    public long mprotect(int pid, long addr, long len, int prot) {
        Task t = live(pid);
        return t == null ? -Errno.EINVAL : as(pid, () -> mmap.mprotect(t.mm(), LIMITS, addr, len, prot));
    }

    public long mremap(int pid, long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        long ret = as(pid, () -> mmap.mremap(t.mm(), LIMITS, oldAddr, oldLen, newLen, flags, newAddr));
        releaseUnmappedShmem(t.mm());
        return returnToUser(pid, ret);
    }

    public long madvise(int pid, long addr, long len, int advice) {
        Task t = live(pid);
        return t == null ? -Errno.EINVAL : as(pid, () -> mmap.madvise(t.mm(), addr, len, advice));
    }

    public long brk(int pid, long brk) {
        Task t = live(pid);
        return t == null ? -Errno.EINVAL : as(pid, () -> mmap.brk(t.mm(), LIMITS, brk));
    }

    public long mlock(int pid, long addr, long len) {
        Task t = live(pid);
        return t == null ? -Errno.EINVAL : as(pid, () -> mmap.mlock(t.mm(), LIMITS, addr, len));
    }

    public long munlock(int pid, long addr, long len) {
        Task t = live(pid);
        return t == null ? -Errno.EINVAL : as(pid, () -> mmap.munlock(t.mm(), addr, len));
    }

    /**
     * A user-mode load ({@code write} false) or store at {@code addr}: a page fault when the PTE
     * does not allow it (handle_mm_fault).
     *
     * @return 0, or -EFAULT where the process would get SIGSEGV (no VMA, or one that forbids the
     *     access), -ENOMEM when the fault ran out of memory
     */
    public long access(int pid, long addr, boolean write) {
        Task t = live(pid);
        if (t == null) {
            return -Errno.EINVAL;
        }
        trace.setPid(pid);
        long ret = memory.fault().access(t.mm(), addr, write);
        if (ret == -Errno.EFAULT) {
            trace.point(TaskEvents.BAD_ACCESS, addr, write ? 1 : 0);
        }
        return returnToUser(pid, ret);
    }

    private Task live(int pid) {
        Task t = tasks.get(pid);
        return t == null || !t.alive() ? null : t;
    }

    private long as(int pid, java.util.function.LongSupplier call) {
        trace.setPid(pid);
        return returnToUser(pid, call.getAsLong());
    }
}
