package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.VmFlags.*;

import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MmapEvents;

/**
 * mm/madvise.c: madvise(2). The advice that changes vm_flags (NORMAL, RANDOM, SEQUENTIAL,
 * DONTFORK, DOFORK, WIPEONFORK, KEEPONFORK, DONTDUMP, DODUMP, HUGEPAGE, NOHUGEPAGE) splits and
 * merges VMAs here; the advice on pages (WILLNEED, DONTNEED, DONTNEED_LOCKED, FREE, COLD,
 * PAGEOUT) is checked here per VMA and done by {@link PageRangeOps#madvise}. REMOVE, MERGEABLE,
 * UNMERGEABLE, COLLAPSE, POPULATE_READ/WRITE, GUARD_INSTALL/REMOVE, HWPOISON and SOFT_OFFLINE are
 * not modelled: they throw.
 */
final class Madvise {
    private final VmaOps ops;

    Madvise(VmaOps ops) {
        this.ops = ops;
    }

    /** mm/madvise.c: madvise_behavior_valid, for a kernel with KSM, THP and memory failure. */
    private static boolean behaviorValid(int b) {
        return switch (b) {
            case MADV_DOFORK, MADV_DONTFORK, MADV_NORMAL, MADV_SEQUENTIAL, MADV_RANDOM, MADV_REMOVE, MADV_WILLNEED,
                MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_FREE, MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ,
                MADV_POPULATE_WRITE, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_COLLAPSE,
                MADV_DONTDUMP, MADV_DODUMP, MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_GUARD_INSTALL, MADV_GUARD_REMOVE,
                MADV_SOFT_OFFLINE, MADV_HWPOISON -> true;
            default -> false;
        };
    }

    private static boolean modelled(int b) {
        return switch (b) {
            case MADV_REMOVE, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_COLLAPSE, MADV_POPULATE_READ, MADV_POPULATE_WRITE,
                MADV_GUARD_INSTALL, MADV_GUARD_REMOVE, MADV_SOFT_OFFLINE, MADV_HWPOISON -> false;
            default -> true;
        };
    }

    /** mm/madvise.c: sys_madvise (do_madvise). */
    int sysMadvise(Mm mm, long start, long lenIn, int behavior) {
        ops.trace.enter(MmapEvents.SYS_MADVISE, start, lenIn, behavior);
        int r = doMadvise(mm, start, lenIn, behavior);
        ops.trace.exit(r);
        return r;
    }

    private int doMadvise(Mm mm, long start, long lenIn, int behavior) {
        // madvise_should_skip / is_valid_madvise
        if (!behaviorValid(behavior) || offsetInPage(start) != 0) {
            return -Errno.EINVAL;
        }
        long len = pageAlign(lenIn);
        if ((lenIn != 0 && len == 0) || Long.compareUnsigned(start + len, start) < 0) {
            return -Errno.EINVAL;
        }
        if (start + len == start) {
            return 0;
        }
        if (!modelled(behavior)) {
            throw new UnsupportedOperationException(Mman.madviseName(behavior) + " is not modelled");
        }
        return madviseWalkVmas(mm, start, start + len, behavior);
    }

    /**
     * mm/madvise.c: madvise_walk_vmas — applies the advice VMA by VMA; a hole in the range does
     * not stop it but makes the result -ENOMEM; an error from a VMA stops it.
     */
    private int madviseWalkVmas(Mm mm, long start, long lastEnd, int behavior) {
        int unmappedError = 0;
        Vma vma = mm.findVma(start);
        Vma prev = vma != null && start > vma.start() ? vma : vma != null ? mm.tree().prev(vma) : mm.tree()
                .prevOf(start);
        while (true) {
            if (vma == null) {
                return -Errno.ENOMEM;
            }
            if (start < vma.start()) {
                unmappedError = -Errno.ENOMEM;
                start = vma.start();
                if (start >= lastEnd) {
                    break;
                }
            }
            long end = Math.min(vma.end(), lastEnd);
            Vma[] cur = {vma};
            int error = madviseVmaBehavior(mm, prev, cur, start, end, behavior);
            if (error != 0) {
                return error;
            }
            vma = cur[0];
            prev = vma;
            if (end < vma.end()) {
                end = vma.end();
            }
            if (end >= lastEnd) {
                break;
            }
            vma = mm.findVma(vma.end());
            start = end;
        }
        return unmappedError;
    }

    /**
     * mm/madvise.c: madvise_vma_behavior for one VMA's part [start, end).
     *
     * @param cur in: the VMA; out: the VMA holding the range afterwards
     */
    private int madviseVmaBehavior(Mm mm, Vma prev, Vma[] cur, long start, long end, int behavior) {
        Vma vma = cur[0];
        long newFlags = vma.flags();
        switch (behavior) {
            case MADV_WILLNEED, MADV_COLD, MADV_PAGEOUT, MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_FREE -> {
                return pageAdvice(mm, vma, start, end, behavior);
            }
            case MADV_NORMAL -> newFlags &= ~(VM_RAND_READ | VM_SEQ_READ);
            case MADV_SEQUENTIAL -> newFlags = (newFlags & ~VM_RAND_READ) | VM_SEQ_READ;
            case MADV_RANDOM -> newFlags = (newFlags & ~VM_SEQ_READ) | VM_RAND_READ;
            case MADV_DONTFORK -> newFlags |= VM_DONTCOPY;
            case MADV_DOFORK -> {
                if ((newFlags & VM_IO) != 0) {
                    return -Errno.EINVAL;
                }
                newFlags &= ~VM_DONTCOPY;
            }
            case MADV_WIPEONFORK -> {
                if (!vma.isAnonymous() || (newFlags & VM_SHARED) != 0) {
                    return -Errno.EINVAL;
                }
                newFlags |= VM_WIPEONFORK;
            }
            case MADV_KEEPONFORK -> {
                if ((newFlags & VM_DROPPABLE) != 0) {
                    return -Errno.EINVAL;
                }
                newFlags &= ~VM_WIPEONFORK;
            }
            case MADV_DONTDUMP -> newFlags |= VM_DONTDUMP;
            case MADV_DODUMP -> {
                if (((newFlags & VM_HUGETLB) == 0 && (newFlags & VM_SPECIAL) != 0)
                        || (newFlags & VM_DROPPABLE) != 0) {
                    return -Errno.EINVAL;
                }
                newFlags &= ~VM_DONTDUMP;
            }
            case MADV_HUGEPAGE -> newFlags = (newFlags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
            case MADV_NOHUGEPAGE -> newFlags = (newFlags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
            default -> throw new IllegalStateException("behaviour " + behavior);
        }
        int error = madviseUpdateVma(mm, prev, cur, start, end, newFlags);
        return error == -Errno.ENOMEM ? -Errno.EAGAIN : error;
    }

    /** mm/madvise.c: madvise_update_vma — vma_modify_flags, then the flags on the result. */
    private int madviseUpdateVma(Mm mm, Vma prev, Vma[] cur, long start, long end, long newFlags) {
        Vma vma = cur[0];
        if (newFlags == vma.flags()) {
            return 0;
        }
        ops.trace.enter(MmapEvents.MADVISE_UPDATE_VMA, vma.id(), start, end, newFlags);
        Vma v = ops.vmaModifyFlags(mm, prev, vma, start, end, newFlags);
        if (v == null) {
            ops.trace.exit(-Errno.ENOMEM);
            return -Errno.ENOMEM;
        }
        cur[0] = ops.setFlags(mm, v, newFlags);
        ops.trace.exit(0);
        return 0;
    }

    /**
     * The page advice: madvise_cold and madvise_pageout refuse locked, PFN-mapped and hugetlb
     * VMAs (-EINVAL); madvise_dontneed_free_valid_vma refuses PFN-mapped ones and, but for
     * MADV_DONTNEED_LOCKED, locked ones; MADV_FREE takes only anonymous VMAs. PAGEOUT on a shared
     * file mapping assumes the caller may write the file (can_do_file_pageout).
     */
    private int pageAdvice(Mm mm, Vma vma, long start, long end, int behavior) {
        ops.trace.enter(MmapEvents.MADVISE_VMA_BEHAVIOR, vma.id(), start, end, behavior);
        int r;
        long f = vma.flags();
        switch (behavior) {
            case MADV_COLD, MADV_PAGEOUT -> r = (f & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB)) != 0 ? -Errno.EINVAL
                    : ops.pages.madvise(mm, vma, start, end, behavior);
            case MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_FREE -> {
                long forbidden = VM_PFNMAP | (behavior != MADV_DONTNEED_LOCKED ? VM_LOCKED : 0);
                if ((f & forbidden) != 0 || ((f & VM_HUGETLB) != 0 && behavior == MADV_FREE)) {
                    r = -Errno.EINVAL;
                } else if (behavior == MADV_FREE && !vma.isAnonymous()) {
                    r = -Errno.EINVAL;
                } else {
                    r = ops.pages.madvise(mm, vma, start, end, behavior);
                }
            }
            default -> r = ops.pages.madvise(mm, vma, start, end, behavior);
        }
        ops.trace.exit(r);
        return r;
    }
}
