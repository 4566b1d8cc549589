package dev.folioscope.kernel.mmap;

import dev.folioscope.kernel.trace.Trace;

/**
 * The memory system calls at the VMA level, as Linux 6.18 does them (x86-64): each takes the
 * caller's mm and limits and the arguments as the syscall takes them, and returns what user space
 * gets — an address, 0, or a negative errno ({@link dev.folioscope.kernel.trace.Errno}). Each
 * emits its syscall event with the kernel's steps nested in it, and asks {@link PageRangeOps}
 * for page-level work. One instance per kernel, rebuilt with it; all state is in the
 * {@link MmapState} and the {@link Mm}s.
 *
 * <p>Context: single-threaded; the calls stand for the kernel holding mmap_lock for writing (or
 * reading) for the whole call. {@code Trace#pid()} should be the calling task's.
 *
 * <p>Not modelled: hugetlb (MAP_HUGETLB throws), MREMAP_DONTUNMAP (throws), mlockall, the
 * madvise advice listed in {@link Madvise}, memory protection keys, mseal, userfaultfd,
 * MDWE, READ_IMPLIES_EXEC, device files and their vm_ops (ENODEV cases), append-only and
 * swap files.
 */
public final class MmapSyscalls {
    /** The heap start the model's exec uses by default: after a small PIE at 0x555555554000. */
    public static final long DEFAULT_START_BRK = 0x555555559000L;

    private final VmaOps ops;
    private final Mmap mmap;
    private final Mprotect mprotect;
    private final Mremap mremap;
    private final Mlock mlock;
    private final Madvise madvise;

    public MmapSyscalls(MmapState state, Trace trace, PageRangeOps pages) {
        this.ops = new VmaOps(state, trace, pages);
        this.mmap = new Mmap(ops);
        this.mprotect = new Mprotect(ops, mmap);
        this.mremap = new Mremap(ops, mmap);
        this.mlock = new Mlock(ops, mmap);
        this.madvise = new Madvise(ops);
    }

    /**
     * mmap(2): sys_mmap → do_mmap → mmap_region, then populate for MAP_POPULATE / MAP_LOCKED.
     *
     * @param file the file for a mapping without MAP_ANONYMOUS (null gives -EBADF); ignored with it
     * @param off the file offset in bytes (page aligned, else -EINVAL)
     * @return the address, or -EINVAL, -ENOMEM, -EEXIST, -EPERM, -EAGAIN, -EACCES, -EBADF,
     *     -EOVERFLOW, -EOPNOTSUPP (95)
     */
    public long mmap(Mm mm, TaskLimits t, long addr, long len, int prot, int flags, MappedFile file, long off) {
        return mmap.sysMmap(mm, t, addr, len, prot, flags, file, off);
    }

    /** munmap(2): 0, or -EINVAL, -ENOMEM (map_count at the limit and a VMA to split in three). */
    public int munmap(Mm mm, long addr, long len) {
        return mmap.sysMunmap(mm, addr, len);
    }

    /** mprotect(2): 0, or -EINVAL, -ENOMEM (a hole, an unmapped start, map_count), -EACCES (no VM_MAY*). */
    public int mprotect(Mm mm, TaskLimits t, long start, long len, int prot) {
        return mprotect.sysMprotect(mm, t, start, len, prot);
    }

    /** mremap(2): the (new) address, or -EINVAL, -EFAULT, -ENOMEM, -EAGAIN. */
    public long mremap(Mm mm, TaskLimits t, long addr, long oldLen, long newLen, int flags, long newAddr) {
        return mremap.sysMremap(mm, t, addr, oldLen, newLen, flags, newAddr);
    }

    /** brk(2): the new break as asked on success, else the old break. */
    public long brk(Mm mm, TaskLimits t, long brk) {
        return mmap.sysBrk(mm, t, brk);
    }

    /** mlock(2): 0, or -EPERM, -ENOMEM, -EAGAIN. */
    public int mlock(Mm mm, TaskLimits t, long start, long len) {
        return mlock.sysMlock2(mm, t, start, len, 0);
    }

    /** mlock2(2) with MLOCK_ONFAULT or 0: 0, or -EINVAL, -EPERM, -ENOMEM, -EAGAIN. */
    public int mlock2(Mm mm, TaskLimits t, long start, long len, int flags) {
        return mlock.sysMlock2(mm, t, start, len, flags);
    }

    /** munlock(2): 0, or -ENOMEM. */
    public int munlock(Mm mm, long start, long len) {
        return mlock.sysMunlock(mm, start, len);
    }

    /** madvise(2): 0, or -EINVAL, -ENOMEM (a hole in the range), -EAGAIN, or the page layer's error. */
    public int madvise(Mm mm, long start, long len, int behavior) {
        return madvise.sysMadvise(mm, start, len, behavior);
    }

    /**
     * get_unmapped_area for another caller (shmat, a driver): where {@code len} bytes would be
     * mapped.
     *
     * @return the address, or a negative errno
     */
    public long getUnmappedArea(Mm mm, TaskLimits t, MappedFile file, long addr, long len, long pgoff, int flags) {
        return mmap.getUnmappedArea(mm, t, file == null ? Vma.NO_FILE : file.id(), false, addr, len, pgoff, flags, 0);
    }

    /**
     * mm/gup.c: mm_populate — faults in [start, start + len), errors ignored (what mmap does
     * after MAP_POPULATE).
     */
    public void mmPopulate(Mm mm, long start, long len) {
        mmap.mmPopulate(mm, start, len, true);
    }

    /**
     * fork's VMA copy (mm/mmap.c: dup_mmap): see {@link Mmap#dupMmap}.
     *
     * @return the child's mm (owner {@code childPid}), or null for -ENOMEM
     */
    public Mm dupMmap(Mm parent, TaskLimits t, int childPid) {
        return mmap.dupMmap(parent, t, childPid);
    }

    /** exit's teardown (mm/mmap.c: exit_mmap): every VMA unmapped and uncharged. */
    public void exitMmap(Mm mm) {
        mmap.exitMmap(mm);
    }

    /**
     * An exec'd mm: a fresh {@code mm} gets the stack VMA 0x7ffffffde000-0x7ffffffff000 (one page
     * of arguments plus setup_arg_pages' 128 KiB; 33 pages charged and counted as stack_vm) and
     * an empty heap at {@code startBrk} (start_brk = brk; e.g. {@link #DEFAULT_START_BRK}).
     *
     * @return 0 or -ENOMEM
     */
    public int setupExecMm(Mm mm, TaskLimits t, long startBrk) {
        return mmap.setupExecMm(mm, t, startBrk);
    }

    /**
     * mm/vma.c: find_mergeable_anon_vma, for anon_vma_prepare in the fault layer.
     *
     * @return a neighbour's reusable anon_vma id, or {@link Vma#NO_ANON_VMA}
     */
    public static int findMergeableAnonVma(Mm mm, Vma vma) {
        return VmaOps.findMergeableAnonVma(mm, vma);
    }
}
