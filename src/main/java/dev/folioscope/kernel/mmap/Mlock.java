package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.VmFlags.*;

import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MmapEvents;

/**
 * mm/mlock.c: mlock(2), mlock2(2) and munlock(2) at the VMA level (mlockall is not modelled);
 * the page walk that sets PG_mlocked is the page layer's.
 */
final class Mlock {
    private final VmaOps ops;
    private final Mmap mmap;

    Mlock(VmaOps ops, Mmap mmap) {
        this.ops = ops;
        this.mmap = mmap;
    }

    /** mm/mlock.c: sys_mlock2 (mlock is mlock2 with flags 0). */
    int sysMlock2(Mm mm, TaskLimits t, long start, long len, int flags) {
        ops.trace.enter(MmapEvents.SYS_MLOCK, start, len, flags);
        int r;
        if ((flags & ~MLOCK_ONFAULT) != 0) {
            r = -Errno.EINVAL;
        } else {
            r = doMlock(mm, t, start, len, VM_LOCKED | ((flags & MLOCK_ONFAULT) != 0 ? VM_LOCKONFAULT : 0));
        }
        ops.trace.exit(r);
        return r;
    }

    /** mm/mlock.c: sys_munlock. */
    int sysMunlock(Mm mm, long start, long len) {
        ops.trace.enter(MmapEvents.SYS_MUNLOCK, start, len);
        len = pageAlign(len + offsetInPage(start));
        start &= PAGE_MASK;
        int r = applyVmaLockFlags(mm, start, len, 0);
        ops.trace.exit(r);
        return r;
    }

    /**
     * mm/mlock.c: do_mlock — RLIMIT_MEMLOCK (not counting what is locked already in the range)
     * unless CAP_IPC_LOCK, then the flags, then __mm_populate (EFAULT reads as ENOMEM, ENOMEM
     * as EAGAIN).
     */
    private int doMlock(Mm mm, TaskLimits t, long start, long len, long flags) {
        if (!VmaOps.canDoMlock(t)) {
            return -Errno.EPERM;
        }
        len = pageAlign(len + offsetInPage(start));
        start &= PAGE_MASK;
        long lockLimit = TaskLimits.pages(t.rlimitMemlock());
        long locked = (len >>> PAGE_SHIFT) + mm.lockedVm();
        if (locked > lockLimit && !t.capIpcLock()) {
            locked -= countMmMlockedPageNr(mm, start, len);
        }
        int error = -Errno.ENOMEM;
        if (locked <= lockLimit || t.capIpcLock()) {
            error = applyVmaLockFlags(mm, start, len, flags);
        }
        if (error != 0) {
            return error;
        }
        long r = mmap.mmPopulate(mm, start, len, false);
        if (r == -Errno.EFAULT) {
            return -Errno.ENOMEM;
        }
        if (r == -Errno.ENOMEM) {
            return -Errno.EAGAIN;
        }
        return (int) r;
    }

    /** mm/mlock.c: count_mm_mlocked_page_nr — pages of [start, start + len) already VM_LOCKED. */
    private static long countMmMlockedPageNr(Mm mm, long start, long len) {
        long end = Long.compareUnsigned(-1L - len, start) < 0 ? -1L : start + len;
        long count = 0;
        for (Vma v : mm.tree().range(start, end)) {
            if ((v.flags() & VM_LOCKED) != 0) {
                if (start > v.start()) {
                    count -= start - v.start();
                }
                if (end < v.end()) {
                    count += end - v.start();
                    break;
                }
                count += v.end() - v.start();
            }
        }
        return count >>> PAGE_SHIFT;
    }

    /**
     * mm/mlock.c: apply_vma_lock_flags — replaces VM_LOCKED|VM_LOCKONFAULT by {@code flags} in
     * every VMA of [start, start + len), which must be mapped without holes (-ENOMEM).
     */
    private int applyVmaLockFlags(Mm mm, long start, long len, long flags) {
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) {
            return -Errno.EINVAL;
        }
        if (end == start) {
            return 0;
        }
        Vma vma = mm.vmaLookup(start);
        if (vma == null) {
            return -Errno.ENOMEM;
        }
        Vma prev = start > vma.start() ? vma : mm.tree().prev(vma);
        long nstart = start;
        long tmp = vma.start();
        for (; vma != null && vma.start() < end; vma = mm.findVma(tmp)) {
            if (vma.start() != tmp) {
                return -Errno.ENOMEM;
            }
            long newflags = (vma.flags() & ~VM_LOCKED_MASK) | flags;
            tmp = Math.min(vma.end(), end);
            Vma done = mlockFixup(mm, vma, prev, nstart, tmp, newflags);
            if (done == null) {
                return -Errno.ENOMEM;
            }
            prev = done;
            tmp = done.end();
            nstart = tmp;
        }
        return Long.compareUnsigned(tmp, end) < 0 ? -Errno.ENOMEM : 0;
    }

    /**
     * mm/mlock.c: mlock_fixup — leaves VM_SPECIAL, hugetlb and droppable VMAs alone; else merges
     * or splits off [start, end) with {@code newflags}, moves locked_vm, and (un)locks the pages
     * unless the range stays locked.
     *
     * @return the VMA now holding the range, or null for -ENOMEM
     */
    private Vma mlockFixup(Mm mm, Vma vma, Vma prev, long start, long end, long newflags) {
        ops.trace.enter(MmapEvents.MLOCK_FIXUP, vma.id(), start, end, newflags);
        long oldflags = vma.flags();
        if (newflags == oldflags || (oldflags & (VM_SPECIAL | VM_HUGETLB | VM_DROPPABLE)) != 0) {
            ops.trace.exit(0);
            return vma;
        }
        Vma v = ops.vmaModifyFlags(mm, prev, vma, start, end, newflags);
        if (v == null) {
            ops.trace.exit(-Errno.ENOMEM);
            return null;
        }
        long nrPages = (end - start) >>> PAGE_SHIFT;
        if ((newflags & VM_LOCKED) == 0) {
            nrPages = -nrPages;
        } else if ((oldflags & VM_LOCKED) != 0) {
            nrPages = 0;
        }
        ops.addLockedVm(mm, nrPages);
        v = ops.setFlags(mm, v, newflags);
        if ((newflags & VM_LOCKED) == 0 || (oldflags & VM_LOCKED) == 0) {
            ops.pages.mlockRange(mm, v, start, end);
        }
        ops.trace.exit(0);
        return v;
    }
}
