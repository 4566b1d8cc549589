package dev.folioscope.kernel.task;

/**
 * The system calls of the model's processes, and their memory accesses: the entry points a
 * workload drives, each run as the calling task ({@code current}). Return values are the
 * kernel's: an address or count, or a negative errno.
 *
 * <p>Being written (issue 6): the signatures are fixed, the bodies come with the page-table,
 * VMA and fault layers.
 */
public final class Syscalls {
    private static UnsupportedOperationException notYet() {
        return new UnsupportedOperationException("processes are being added to the model (issue 6)");
    }

    /**
     * A new process, as init would start one with fork and execve of an empty program: a fresh
     * mm with only its stack VMA and an empty heap.
     *
     * @return its pid (pids count from 1 in spawning order; fork takes the next)
     */
    public int spawn(String comm) {
        throw notYet();
    }

    /** fork(2): the child pid, or a negative errno. */
    public long fork(int pid) {
        throw notYet();
    }

    /** exit(2): the task's mm goes; 0. */
    public long exit(int pid) {
        throw notYet();
    }

    /** execve(2) of an empty program: a new mm like {@link #spawn}'s; 0. */
    public long execve(int pid) {
        throw notYet();
    }

    /** mmap(2); {@code fd} -1 for MAP_ANONYMOUS. */
    public long mmap(int pid, long addr, long len, int prot, int flags, int fd, long offset) {
        throw notYet();
    }

    public long munmap(int pid, long addr, long len) {
        throw notYet();
    }

    public long mprotect(int pid, long addr, long len, int prot) {
        throw notYet();
    }

    public long mremap(int pid, long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
        throw notYet();
    }

    public long madvise(int pid, long addr, long len, int advice) {
        throw notYet();
    }

    public long brk(int pid, long brk) {
        throw notYet();
    }

    public long mlock(int pid, long addr, long len) {
        throw notYet();
    }

    public long munlock(int pid, long addr, long len) {
        throw notYet();
    }

    /**
     * A user-mode load ({@code write} false) or store at {@code addr}: a page fault when the PTE
     * does not allow it (handle_mm_fault).
     *
     * @return 0, or -EFAULT where the process would get SIGSEGV (no VMA, or one that forbids the access)
     */
    public long access(int pid, long addr, boolean write) {
        throw notYet();
    }
}
