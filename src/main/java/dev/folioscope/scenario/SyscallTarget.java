package dev.folioscope.scenario;

import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.task.Syscalls;

/**
 * The system calls a scenario's process steps make, as {@link Syscalls} declares them: the
 * workload calls this interface, which {@link #of} implements over the kernel's syscalls, and
 * tests implement to see the calls a scenario makes.
 */
interface SyscallTarget {
    long spawn(String comm);

    long fork(int pid);

    /** A write of /proc/PID/oom_score_adj. */
    long setOomScoreAdj(int pid, int adj);

    long exit(int pid);

    long execve(int pid);

    long mmap(int pid, long addr, long len, int prot, int flags, int fd, long offset);

    long munmap(int pid, long addr, long len);

    long mprotect(int pid, long addr, long len, int prot);

    long mremap(int pid, long oldAddr, long oldLen, long newLen, int flags, long newAddr);

    long madvise(int pid, long addr, long len, int advice);

    long brk(int pid, long brk);

    long mlock(int pid, long addr, long len);

    long munlock(int pid, long addr, long len);

    long access(int pid, long addr, boolean write);

    long open(int pid, int ino, boolean writable);

    long close(int pid, int fd);

    long pread(int pid, int fd, long pgoff, long pages);

    long pwrite(int pid, int fd, long pgoff, long pages);

    long fadvise(int pid, int fd, long pgoff, long pages, Fadvise.Advice advice);

    /** The kernel's system calls. */
    static SyscallTarget of(Syscalls s) {
        return new SyscallTarget() {
            @Override public long spawn(String comm) { return s.spawn(comm); }
            @Override public long fork(int pid) { return s.fork(pid); }
            @Override public long setOomScoreAdj(int pid, int adj) { return s.setOomScoreAdj(pid, adj); }
            @Override public long exit(int pid) { return s.exit(pid); }
            @Override public long execve(int pid) { return s.execve(pid); }
            @Override public long mmap(int pid, long addr, long len, int prot, int flags, int fd, long offset) {
                return s.mmap(pid, addr, len, prot, flags, fd, offset);
            }
            @Override public long munmap(int pid, long addr, long len) { return s.munmap(pid, addr, len); }
            @Override public long mprotect(int pid, long addr, long len, int prot) {
                return s.mprotect(pid, addr, len, prot);
            }
            @Override public long mremap(int pid, long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
                return s.mremap(pid, oldAddr, oldLen, newLen, flags, newAddr);
            }
            @Override public long madvise(int pid, long addr, long len, int advice) {
                return s.madvise(pid, addr, len, advice);
            }
            @Override public long brk(int pid, long brk) { return s.brk(pid, brk); }
            @Override public long mlock(int pid, long addr, long len) { return s.mlock(pid, addr, len); }
            @Override public long munlock(int pid, long addr, long len) { return s.munlock(pid, addr, len); }
            @Override public long access(int pid, long addr, boolean write) { return s.access(pid, addr, write); }
            @Override public long open(int pid, int ino, boolean writable) { return s.open(pid, ino, writable); }
            @Override public long close(int pid, int fd) { return s.close(pid, fd); }
            @Override public long pread(int pid, int fd, long pgoff, long pages) {
                return s.pread(pid, fd, pgoff, pages);
            }
            @Override public long pwrite(int pid, int fd, long pgoff, long pages) {
                return s.pwrite(pid, fd, pgoff, pages);
            }
            @Override public long fadvise(int pid, int fd, long pgoff, long pages, Fadvise.Advice advice) {
                return s.fadvise(pid, fd, pgoff, pages, advice);
            }
        };
    }
}
