package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.VmFlags.*;

import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MmapEvents;

/**
 * mm/mremap.c: mremap(2) at the VMA level — shrink, grow in place, move (MREMAP_MAYMOVE,
 * MREMAP_FIXED, and 6.18's move of several VMAs at once); move_page_tables is the page layer's.
 * MREMAP_DONTUNMAP and hugetlb VMAs are not modelled (they throw).
 */
final class Mremap {
    private final VmaOps ops;
    private final Mmap mmap;

    Mremap(VmaOps ops, Mmap mmap) {
        this.ops = ops;
        this.mmap = mmap;
    }

    private enum Type {
        INVALID, NO_RESIZE, SHRINK, EXPAND
    }

    /** mm/mremap.c: struct vma_remap_struct. */
    private static final class Vrm {
        Vma vma;
        long addr;
        long oldLen;
        long newLen;
        final int flags;
        long newAddr;
        long delta;
        Type type = Type.INVALID;
        long charged;
        boolean populateExpand;

        Vrm(long addr, long oldLen, long newLen, int flags, long newAddr) {
            this.addr = addr;
            this.oldLen = oldLen;
            this.newLen = newLen;
            this.flags = flags;
            this.newAddr = newAddr;
        }

        boolean impliesNewAddr() {
            return (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0;
        }
    }

    /** mm/mremap.c: sys_mremap. */
    long sysMremap(Mm mm, TaskLimits t, long addr, long oldLen, long newLen, int flags, long newAddr) {
        ops.trace.enter(MmapEvents.SYS_MREMAP, addr, oldLen, newLen, flags, newAddr);
        long r = doMremap(mm, t, new Vrm(addr, oldLen, newLen, flags, newAddr));
        ops.trace.exit(r);
        return r;
    }

    /** mm/mremap.c: do_mremap. */
    private long doMremap(Mm mm, TaskLimits t, Vrm vrm) {
        vrm.oldLen = pageAlign(vrm.oldLen);
        vrm.newLen = pageAlign(vrm.newLen);
        long res = checkMremapParams(mm, vrm);
        if (res != 0) {
            return res;
        }
        if ((vrm.flags & MREMAP_FIXED) != 0 && vrm.oldLen == vrm.newLen) {
            res = remapMove(mm, t, vrm);
        } else {
            vrm.vma = mm.vmaLookup(vrm.addr);
            res = checkPrepVma(mm, t, vrm);
            if (res != 0) {
                return res;
            }
            res = vrm.impliesNewAddr() ? mremapTo(mm, t, vrm) : mremapAt(mm, t, vrm);
        }
        if (res >= 0 && vrm.populateExpand) {
            mmap.mmPopulate(mm, vrm.newAddr + vrm.oldLen, vrm.delta, true);
        }
        return res;
    }

    /** mm/mremap.c: check_mremap_params. */
    private long checkMremapParams(Mm mm, Vrm vrm) {
        if ((vrm.flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) != 0) {
            return -Errno.EINVAL;
        }
        if ((vrm.flags & MREMAP_DONTUNMAP) != 0) {
            throw new UnsupportedOperationException("MREMAP_DONTUNMAP is not modelled");
        }
        if (offsetInPage(vrm.addr) != 0 || vrm.newLen == 0 || Long.compareUnsigned(vrm.newLen, mm.taskSize()) > 0) {
            return -Errno.EINVAL;
        }
        if (!vrm.impliesNewAddr()) {
            return 0;
        }
        if (Long.compareUnsigned(vrm.newAddr, mm.taskSize() - vrm.newLen) > 0 || offsetInPage(vrm.newAddr) != 0
                || (vrm.flags & MREMAP_MAYMOVE) == 0) {
            return -Errno.EINVAL;
        }
        if (vrm.addr + vrm.oldLen > vrm.newAddr && vrm.newAddr + vrm.newLen > vrm.addr) {
            return -Errno.EINVAL;
        }
        if (mm.mapCount() + 2 >= ops.state.maxMapCount() - 3) {
            return -Errno.ENOMEM;
        }
        return 0;
    }

    /**
     * mm/mremap.c: check_prep_vma — the VMA must contain addr (-EFAULT); a grow or a move must
     * stay inside it, may not grow VM_DONTEXPAND/VM_PFNMAP VMAs, and must pass RLIMIT_MEMLOCK
     * and RLIMIT_AS/DATA.
     */
    private long checkPrepVma(Mm mm, TaskLimits t, Vrm vrm) {
        Vma vma = vrm.vma;
        if (vma == null) {
            return -Errno.EFAULT;
        }
        if ((vma.flags() & VM_HUGETLB) != 0) {
            throw new UnsupportedOperationException("mremap of a hugetlb VMA is not modelled");
        }
        vrm.delta = Math.abs(vrm.oldLen - vrm.newLen);
        vrm.type = vrm.delta == 0 ? Type.NO_RESIZE : vrm.oldLen > vrm.newLen ? Type.SHRINK : Type.EXPAND;
        if (!vrm.impliesNewAddr()) {
            vrm.newAddr = vrm.addr;
        }
        if (vrm.type != Type.EXPAND && !vrm.impliesNewAddr()) {
            return 0;
        }
        long oldLen = vrm.oldLen;
        long newLen = vrm.newLen;
        if (oldLen == 0 && (vma.flags() & (VM_SHARED | VM_MAYSHARE)) == 0) {
            return -Errno.EINVAL;
        }
        if (vrm.type == Type.SHRINK) {
            oldLen = newLen;
        }
        if (Long.compareUnsigned(oldLen, vma.end() - vrm.addr) > 0) {
            return -Errno.EFAULT;
        }
        if (newLen == oldLen) {
            return 0;
        }
        if ((vma.flags() & VM_LOCKED) != 0) {
            vrm.populateExpand = true;
        }
        long pgoff = vma.pgoffAt(vrm.addr);
        if (Long.compareUnsigned(pgoff + (newLen >>> PAGE_SHIFT), pgoff) < 0) {
            return -Errno.EINVAL;
        }
        if ((vma.flags() & (VM_DONTEXPAND | VM_PFNMAP)) != 0) {
            return -Errno.EFAULT;
        }
        if (!VmaOps.mlockFutureOk(mm, t, vma.flags(), vrm.delta)) {
            return -Errno.EAGAIN;
        }
        if (!VmaOps.mayExpandVm(mm, t, vma.flags(), vrm.delta >>> PAGE_SHIFT)) {
            return -Errno.ENOMEM;
        }
        return 0;
    }

    /** mm/mremap.c: remap_move — MREMAP_FIXED without resizing moves every VMA of the range, gaps kept. */
    private long remapMove(Mm mm, TaskLimits t, Vrm vrm) {
        long start = vrm.addr;
        long end = vrm.addr + vrm.oldLen;
        long target = vrm.newAddr;
        long res = -Errno.EFAULT;
        long lastEnd = 0;
        boolean seen = false;
        for (Vma vma = mm.findVmaIntersection(start, end); vma != null; vma = mm.findVmaIntersection(lastEnd, end)) {
            long a = Math.max(vma.start(), start);
            long len = Math.min(end, vma.end()) - a;
            if (!seen && start < vma.start()) {
                return -Errno.EFAULT;
            }
            long offset = seen ? vma.start() - lastEnd : 0;
            lastEnd = vma.end();
            vrm.vma = vma;
            vrm.addr = a;
            vrm.newAddr = target + offset;
            vrm.oldLen = len;
            vrm.newLen = len;
            long r = checkPrepVma(mm, t, vrm);
            if (r == 0) {
                r = mremapTo(mm, t, vrm);
            }
            if (r < 0) {
                return r;
            }
            if (!seen) {
                res = r;
            }
            seen = true;
            target = r + vrm.newLen;
            if (lastEnd >= end) {
                break;
            }
        }
        return res;
    }

    /**
     * mm/mremap.c: mremap_to — to a new address: unmap what is there first (MREMAP_FIXED),
     * shrink first if asked, then move.
     */
    private long mremapTo(Mm mm, TaskLimits t, Vrm vrm) {
        if ((vrm.flags & MREMAP_FIXED) != 0) {
            long err = ops.doVmiMunmap(mm, vrm.newAddr, vrm.newLen);
            if (err != 0) {
                return err;
            }
            vrm.vma = mm.vmaLookup(vrm.addr);
            if (vrm.vma == null) {
                return -Errno.EFAULT;
            }
        }
        if (vrm.type == Type.SHRINK) {
            long err = ops.doVmiMunmap(mm, vrm.addr + vrm.newLen, vrm.delta);
            if (err != 0) {
                return err;
            }
            vrm.vma = mm.vmaLookup(vrm.addr);
            if (vrm.vma == null) {
                return -Errno.EFAULT;
            }
            vrm.oldLen = vrm.newLen;
        }
        long err = setNewAddr(mm, t, vrm);
        if (err != 0) {
            return err;
        }
        return moveVma(mm, t, vrm);
    }

    /** mm/mremap.c: mremap_at — in place: nothing, shrink, or grow (moving if allowed and needed). */
    private long mremapAt(Mm mm, TaskLimits t, Vrm vrm) {
        switch (vrm.type) {
            case NO_RESIZE -> {
                return vrm.addr;
            }
            case SHRINK -> {
                long r = ops.doVmiMunmap(mm, vrm.addr + vrm.newLen, vrm.delta);
                return r != 0 ? r : vrm.addr;
            }
            case EXPAND -> {
                return expandVma(mm, t, vrm);
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    /** mm/mremap.c: expand_vma — in place when vma_expandable, else move if MREMAP_MAYMOVE. */
    private long expandVma(Mm mm, TaskLimits t, Vrm vrm) {
        if (vrm.vma.end() - vrm.addr == vrm.oldLen && vmaExpandable(mm, t, vrm.vma, vrm.delta)) {
            long err = expandVmaInPlace(mm, t, vrm);
            return err != 0 ? err : vrm.addr;
        }
        if ((vrm.flags & MREMAP_MAYMOVE) == 0) {
            return -Errno.ENOMEM;
        }
        long err = setNewAddr(mm, t, vrm);
        if (err != 0) {
            return err;
        }
        return moveVma(mm, t, vrm);
    }

    /** mm/mremap.c: vma_expandable — nothing mapped in the delta above the VMA, and a valid fixed range. */
    private boolean vmaExpandable(Mm mm, TaskLimits t, Vma vma, long delta) {
        long end = vma.end() + delta;
        if (Long.compareUnsigned(end, vma.end()) < 0 || mm.findVmaIntersection(vma.end(), end) != null) {
            return false;
        }
        return mmap.getUnmappedArea(mm, t, Vma.NO_FILE, false, vma.start(), end - vma.start(), 0, MAP_FIXED, 0) >= 0;
    }

    /** mm/mremap.c: expand_vma_in_place — charge, then vma_merge_extend. */
    private long expandVmaInPlace(Mm mm, TaskLimits t, Vrm vrm) {
        if (!calcCharge(mm, t, vrm)) {
            return -Errno.ENOMEM;
        }
        Vma vma = vrm.vma;
        // mm/vma.c: vma_merge_extend — the delta as a new range right after vma, merged into it.
        VmaOps.Vmg g = VmaOps.Vmg.ofVma(vma, vma, vma.end(), vma.end() + vrm.delta);
        g.next = mm.findVma(vma.end());
        g.middle = null;
        Vma merged = ops.mergeNewRange(mm, g);
        if (merged == null) {
            uncharge(vrm);
            return -Errno.ENOMEM;
        }
        vrm.vma = merged;
        statAccount(mm, vrm, vrm.delta);
        return 0;
    }

    /** mm/mremap.c: vrm_set_new_addr — get_unmapped_area for the VMA's file and offset. */
    private long setNewAddr(Mm mm, TaskLimits t, Vrm vrm) {
        Vma vma = vrm.vma;
        long pgoff = vma.pgoffAt(vrm.addr);
        long hint = vrm.impliesNewAddr() ? vrm.newAddr : 0;
        int flags = ((vrm.flags & MREMAP_FIXED) != 0 ? MAP_FIXED : 0) | ((vma.flags() & VM_MAYSHARE) != 0 ? MAP_SHARED
                : 0);
        long res = mmap.getUnmappedArea(mm, t, vma.file(), false, hint, vrm.newLen, pgoff, flags, 0);
        if (res < 0) {
            return res;
        }
        vrm.newAddr = res;
        return 0;
    }

    /** mm/mremap.c: vrm_calc_charge — an accounted VMA charges the growth. */
    private boolean calcCharge(Mm mm, TaskLimits t, Vrm vrm) {
        if ((vrm.vma.flags() & VM_ACCOUNT) == 0) {
            return true;
        }
        long charged = vrm.delta >>> PAGE_SHIFT;
        if (ops.vmEnoughMemory(mm, t, charged) != 0) {
            return false;
        }
        vrm.charged = charged;
        return true;
    }

    private void uncharge(Vrm vrm) {
        if ((vrm.vma.flags() & VM_ACCOUNT) != 0) {
            ops.vmAcctMemory(-vrm.charged);
            vrm.charged = 0;
        }
    }

    /** mm/mremap.c: vrm_stat_account. */
    private void statAccount(Mm mm, Vrm vrm, long bytes) {
        long pages = bytes >>> PAGE_SHIFT;
        ops.vmStatAccount(mm, vrm.vma.flags(), pages);
        if ((vrm.vma.flags() & VM_LOCKED) != 0) {
            ops.addLockedVm(mm, pages);
        }
    }

    /**
     * mm/mremap.c: move_vma — charges the growth, copies the VMA to the new address
     * (copy_vma: an unfaulted anonymous VMA takes the new address's offset and may merge there;
     * one with an anon_vma keeps its offset and anon_vma), moves the page tables, then unmaps the
     * old range without giving back its charge.
     */
    private long moveVma(Mm mm, TaskLimits t, Vrm vrm) {
        ops.trace.enter(MmapEvents.MOVE_VMA, vrm.vma.id(), vrm.addr, vrm.oldLen, vrm.newAddr, vrm.newLen);
        long r = doMoveVma(mm, t, vrm);
        ops.trace.exit(r);
        return r;
    }

    private long doMoveVma(Mm mm, TaskLimits t, Vrm vrm) {
        if (mm.mapCount() >= ops.state.maxMapCount() - 3) {
            return -Errno.ENOMEM;
        }
        if (!calcCharge(mm, t, vrm)) {
            return -Errno.ENOMEM;
        }
        // copy_vma_and_data
        Vma vma = vrm.vma;
        long newPgoff = vma.pgoffAt(vrm.addr);
        VmaOps.Copied c = ops.copyVma(mm, vma, vrm.newAddr, vrm.newLen, newPgoff);
        if (c == null) {
            uncharge(vrm);
            return -Errno.ENOMEM;
        }
        Vma newVma = c.copy();
        vrm.vma = c.source();
        long err = 0;
        long moved = ops.pages.movePageTables(mm, vrm.vma, vrm.addr, mm.vmaById(newVma.id()), vrm.newAddr,
                vrm.oldLen);
        if (moved < vrm.oldLen) {
            err = -Errno.ENOMEM;
            ops.pages.movePageTables(mm, mm.vmaById(newVma.id()), vrm.newAddr, vrm.vma, vrm.addr, moved);
            vrm.vma = mm.vmaById(newVma.id());
            vrm.oldLen = vrm.newLen;
            vrm.addr = vrm.newAddr;
        }
        long hiwaterVm = mm.hiwaterVm();
        statAccount(mm, vrm, vrm.newLen);
        unmapSourceVma(mm, vrm);
        mm.setHiwaterVm(hiwaterVm);
        return err != 0 ? err : vrm.newAddr;
    }

    /**
     * mm/mremap.c: unmap_source_vma — munmap of the old range with VM_ACCOUNT cleared first, so
     * that the charge moves with the VMA; the parts of the old VMA left on either side get
     * VM_ACCOUNT back.
     */
    private void unmapSourceVma(Mm mm, Vrm vrm) {
        Vma vma = vrm.vma;
        long addr = vrm.addr;
        long len = vrm.oldLen;
        boolean accountable = (vma.flags() & VM_ACCOUNT) != 0;
        long vmStart = vma.start();
        long vmEnd = vma.end();
        if (accountable) {
            ops.setFlags(mm, vma, vma.flags() & ~VM_ACCOUNT);
        }
        int err = ops.doVmiMunmap(mm, addr, len);
        vrm.vma = null;
        if (err != 0) {
            ops.vmAcctMemory(len >>> PAGE_SHIFT);
            return;
        }
        if (accountable) {
            if (vmStart < addr) {
                Vma prev = mm.tree().prevOf(addr);
                ops.setFlags(mm, prev, prev.flags() | VM_ACCOUNT);
            }
            if (vmEnd > addr + len) {
                Vma next = mm.findVma(addr);
                ops.setFlags(mm, next, next.flags() | VM_ACCOUNT);
            }
        }
    }
}
