package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.VmFlags.*;

import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MmapEvents;

/** mm/mprotect.c: mprotect(2) at the VMA level; change_protection is the page layer's. */
final class Mprotect {
    private final VmaOps ops;
    private final Mmap mmap;

    Mprotect(VmaOps ops, Mmap mmap) {
        this.ops = ops;
        this.mmap = mmap;
    }

    /** mm/mprotect.c: sys_mprotect. */
    int sysMprotect(Mm mm, TaskLimits t, long start, long len, int prot) {
        ops.trace.enter(MmapEvents.SYS_MPROTECT, start, len, prot);
        int r = doMprotectPkey(mm, t, start, len, prot);
        ops.trace.exit(r);
        return r;
    }

    /**
     * mm/mprotect.c: do_mprotect_pkey (no pkey) — walks the VMAs of [start, start + len), which
     * must be mapped without holes (-ENOMEM), giving each part the new READ/WRITE/EXEC bits;
     * a bit the VMA may not have (VM_MAY*) is -EACCES. Parts done before an error stay done.
     */
    private int doMprotectPkey(Mm mm, TaskLimits t, long start, long len, int prot) {
        int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
        prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
        if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) {
            return -Errno.EINVAL;
        }
        if (offsetInPage(start) != 0) {
            return -Errno.EINVAL;
        }
        if (len == 0) {
            return 0;
        }
        len = pageAlign(len);
        long end = start + len;
        if (Long.compareUnsigned(end, start) <= 0) {
            return -Errno.ENOMEM;
        }
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) != 0) {
            return -Errno.EINVAL;
        }
        Vma vma = mm.findVmaIntersection(start, end);
        if (vma == null) {
            return -Errno.ENOMEM;
        }
        if ((grows & PROT_GROWSDOWN) != 0) {
            if (Long.compareUnsigned(vma.start(), end) >= 0) {
                return -Errno.ENOMEM;
            }
            start = vma.start();
            if ((vma.flags() & VM_GROWSDOWN) == 0) {
                return -Errno.EINVAL;
            }
        } else {
            if (vma.start() > start) {
                return -Errno.ENOMEM;
            }
            if ((grows & PROT_GROWSUP) != 0) {
                return -Errno.EINVAL; // x86 has no VM_GROWSUP
            }
        }
        Vma prev = start > vma.start() ? vma : mm.tree().prev(vma);
        long nstart = start;
        long tmp = vma.start();
        int error = 0;
        for (; vma != null && vma.start() < end; vma = mm.findVma(tmp)) {
            if (vma.start() != tmp) {
                error = -Errno.ENOMEM;
                break;
            }
            long newflags = calcVmProtBits(prot) | (vma.flags() & ~(VM_ACCESS_FLAGS | VM_FLAGS_CLEAR));
            if ((newflags & ~(newflags >>> 4) & VM_ACCESS_FLAGS) != 0) {
                error = -Errno.EACCES;
                break;
            }
            tmp = Math.min(vma.end(), end);
            Fixup fixed = mprotectFixup(mm, t, vma, prev, nstart, tmp, newflags);
            if (fixed.vma() == null) {
                error = fixed.error();
                break;
            }
            Vma done = fixed.vma();
            prev = done;
            tmp = done.end();
            nstart = tmp;
        }
        if (error == 0 && Long.compareUnsigned(tmp, end) < 0) {
            error = -Errno.ENOMEM;
        }
        return error;
    }

    /** What mprotect_fixup did: the VMA now holding the range, or null and the error. */
    record Fixup(Vma vma, int error) {
    }

    /**
     * mm/mprotect.c: mprotect_fixup — gives [start, end) of {@code vma} {@code newflags}: a
     * private mapping becoming writable for the first time is charged (VM_ACCOUNT); an unfaulted
     * anonymous one becoming read-only gives its charge back; the range is merged or split off
     * (vma_modify_flags), the PTEs rewritten, the VM counters moved, and a locked private VMA
     * becoming writable is populated to break COW.
     *
     * @return the VMA now holding the range (the iterator's position after it), or the error
     */
    Fixup mprotectFixup(Mm mm, TaskLimits t, Vma vma, Vma prev, long start, long end, long newflags) {
        ops.trace.enter(MmapEvents.MPROTECT_FIXUP, vma.id(), start, end, newflags);
        long oldflags = vma.flags();
        long nrpages = (end - start) >>> PAGE_SHIFT;
        if (newflags == oldflags) {
            ops.trace.exit(0);
            return new Fixup(vma, 0);
        }
        long charged = 0;
        if ((newflags & VM_WRITE) != 0) {
            if (!VmaOps.mayExpandVm(mm, t, newflags, nrpages) && VmaOps.mayExpandVm(mm, t, oldflags, nrpages)) {
                return fail(-Errno.ENOMEM);
            }
            if ((oldflags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED | VM_NORESERVE)) == 0) {
                charged = nrpages;
                if (ops.vmEnoughMemory(mm, t, charged) != 0) {
                    return fail(-Errno.ENOMEM);
                }
                newflags |= VM_ACCOUNT;
            }
        } else if ((oldflags & VM_ACCOUNT) != 0 && vma.isAnonymous() && !vma.hasAnonVma()) {
            newflags &= ~VM_ACCOUNT;
        }
        Vma v = ops.vmaModifyFlags(mm, prev, vma, start, end, newflags);
        if (v == null) {
            ops.vmAcctMemory(-charged);
            return fail(-Errno.ENOMEM);
        }
        v = ops.setFlags(mm, v, newflags);
        ops.pages.changeProtection(mm, v, start, end);
        if ((oldflags & VM_ACCOUNT) != 0 && (newflags & VM_ACCOUNT) == 0) {
            ops.vmAcctMemory(-nrpages);
        }
        if ((oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) == VM_LOCKED && (newflags & VM_WRITE) != 0) {
            mmap.populateVmaPageRange(mm, v, start, end);
        }
        ops.vmStatAccount(mm, oldflags, -nrpages);
        ops.vmStatAccount(mm, newflags, nrpages);
        ops.trace.exit(0);
        return new Fixup(mm.vmaById(v.id()), 0);
    }

    private Fixup fail(int err) {
        ops.trace.exit(err);
        return new Fixup(null, err);
    }
}
