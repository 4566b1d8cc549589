package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.VmFlags.*;

import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MmapEvents;
import java.util.List;

/**
 * mm/mmap.c with arch/x86/kernel/sys_x86_64.c, the populate loop of mm/gup.c and the stack
 * set-up of fs/exec.c: mmap, munmap, brk, the choice of an address, fork's copy of the VMAs and
 * exit's teardown.
 */
final class Mmap {
    /** -EOPNOTSUPP and -ETXTBSY, which {@link Errno} does not name. */
    static final int EOPNOTSUPP = 95;
    /** MAP_32BIT's window: the first 2 GiB above 1 GiB. */
    private static final long MAP_32BIT_BEGIN = 0x40000000L;
    private static final long MAP_32BIT_END = 0x80000000L;
    private static final long SIZE_4G = 1L << 32;

    private final VmaOps ops;

    Mmap(VmaOps ops) {
        this.ops = ops;
    }

    // ---- mmap ----------------------------------------------------------------------------------

    /**
     * arch/x86/kernel/sys_x86_64.c: sys_mmap, then ksys_mmap_pgoff and vm_mmap_pgoff (mm/util.c):
     * the offset must be page aligned; without MAP_ANONYMOUS a file is needed; after do_mmap,
     * MAP_POPULATE or MAP_LOCKED populate (errors ignored).
     *
     * @return the address mapped, or a negative errno
     */
    long sysMmap(Mm mm, TaskLimits t, long addr, long len, int prot, int flags, MappedFile file, long off) {
        MappedFile f = (flags & MAP_ANONYMOUS) != 0 ? null : file;
        ops.trace.enter(MmapEvents.SYS_MMAP, addr, len, prot, flags, f == null ? -1 : f.id(), off);
        long r = ksysMmap(mm, t, addr, len, prot, flags, f, off);
        ops.trace.exit(r);
        return r;
    }

    private long ksysMmap(Mm mm, TaskLimits t, long addr, long len, int prot, int flags, MappedFile file, long off) {
        if (offsetInPage(off) != 0) {
            return -Errno.EINVAL;
        }
        if ((flags & MAP_ANONYMOUS) == 0) {
            if (file == null) {
                return -Errno.EBADF;
            }
            if ((flags & MAP_HUGETLB) != 0) {
                return -Errno.EINVAL;
            }
        } else if ((flags & MAP_HUGETLB) != 0) {
            throw new UnsupportedOperationException("MAP_HUGETLB: hugetlb is not modelled");
        }
        long[] populate = new long[1];
        long r = doMmap(mm, t, file, addr, len, prot, flags, off >>> PAGE_SHIFT, populate);
        if (populate[0] != 0) {
            mmPopulate(mm, r, populate[0], true);
        }
        return r;
    }

    /** mm/mmap.c: round_hint_to_min — a hint below mmap_min_addr becomes mmap_min_addr. */
    private long roundHintToMin(long hint) {
        hint &= PAGE_MASK;
        if (hint != 0 && Long.compareUnsigned(hint, ops.state.mmapMinAddr()) < 0) {
            return pageAlign(ops.state.mmapMinAddr());
        }
        return hint;
    }

    /**
     * mm/mmap.c: do_mmap — checks the arguments, works out vm_flags, chooses the address and
     * maps it through mmap_region.
     *
     * @param populate receives in [0] the bytes to populate afterwards (0 for none)
     * @return the address, or a negative errno
     */
    long doMmap(Mm mm, TaskLimits t, MappedFile file, long addr, long len, int prot, int flags, long pgoff,
            long[] populate) {
        populate[0] = 0;
        if (len == 0) {
            return -Errno.EINVAL;
        }
        if ((flags & MAP_FIXED_NOREPLACE) != 0) {
            flags |= MAP_FIXED;
        }
        if ((flags & MAP_FIXED) == 0) {
            addr = roundHintToMin(addr);
        }
        len = pageAlign(len);
        if (len == 0) {
            return -Errno.ENOMEM;
        }
        if (Long.compareUnsigned(pgoff + (len >>> PAGE_SHIFT), pgoff) < 0) {
            return -Errno.EOVERFLOW;
        }
        if (mm.mapCount() > ops.state.maxMapCount()) {
            return -Errno.ENOMEM;
        }
        long vmFlags = calcVmProtBits(prot) | calcVmFlagBits(flags, ops.state.thpCompiled()) | mm.defFlags()
                | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
        addr = getUnmappedArea(mm, t, file == null ? Vma.NO_FILE : file.id(), file == null
                && (flags & MAP_SHARED) != 0, addr, len, pgoff, flags, vmFlags);
        if (addr < 0) {
            return addr;
        }
        if ((flags & MAP_FIXED_NOREPLACE) != 0 && mm.findVmaIntersection(addr, addr + len) != null) {
            return -Errno.EEXIST;
        }
        if ((flags & MAP_LOCKED) != 0 && !VmaOps.canDoMlock(t)) {
            return -Errno.EPERM;
        }
        if (!VmaOps.mlockFutureOk(mm, t, vmFlags, len)) {
            return -Errno.EAGAIN;
        }
        if (file != null) {
            // file_mmap_ok for a regular file: MAX_LFS_FILESIZE.
            if (Long.compareUnsigned(pgoff, (Long.MAX_VALUE - len) >>> PAGE_SHIFT) > 0) {
                return -Errno.EOVERFLOW;
            }
            int type = flags & MAP_TYPE;
            if (type == MAP_SHARED || type == MAP_SHARED_VALIDATE) {
                // The file is ext4-like: FOP_MMAP_SYNC, so MAP_SYNC passes validation.
                int checked = type == MAP_SHARED ? flags & LEGACY_MAP_MASK : flags;
                if ((checked & ~(LEGACY_MAP_MASK | MAP_SYNC)) != 0) {
                    return -EOPNOTSUPP;
                }
                if ((prot & PROT_WRITE) != 0 && !file.writable()) {
                    return -Errno.EACCES;
                }
                vmFlags |= VM_SHARED | VM_MAYSHARE;
                if (!file.writable()) {
                    vmFlags &= ~(VM_MAYWRITE | VM_SHARED);
                }
            } else if (type != MAP_PRIVATE) {
                return -Errno.EINVAL;
            }
            if (!file.readable()) {
                return -Errno.EACCES;
            }
            if (file.noexec()) {
                if ((vmFlags & VM_EXEC) != 0) {
                    return -Errno.EPERM;
                }
                vmFlags &= ~VM_MAYEXEC;
            }
            if ((vmFlags & VM_GROWSDOWN) != 0) {
                return -Errno.EINVAL;
            }
            // A non-DAX ext4 file refuses VM_SYNC in its mmap hook (the kernel finds out later).
            if ((vmFlags & VM_SYNC) != 0) {
                return -EOPNOTSUPP;
            }
        } else {
            switch (flags & MAP_TYPE) {
                case MAP_SHARED -> {
                    if ((vmFlags & VM_GROWSDOWN) != 0) {
                        return -Errno.EINVAL;
                    }
                    pgoff = 0;
                    vmFlags |= VM_SHARED | VM_MAYSHARE;
                }
                case MAP_DROPPABLE -> {
                    if ((flags & (MAP_LOCKED | MAP_HUGETLB)) != 0 || (vmFlags & VM_GROWSDOWN) != 0) {
                        return -Errno.EINVAL;
                    }
                    vmFlags |= VM_DROPPABLE | VM_NORESERVE | VM_WIPEONFORK | VM_DONTDUMP;
                    pgoff = addr >>> PAGE_SHIFT;
                }
                case MAP_PRIVATE -> pgoff = addr >>> PAGE_SHIFT;
                default -> {
                    return -Errno.EINVAL;
                }
            }
        }
        if ((flags & MAP_NORESERVE) != 0 && ops.state.overcommitMemory() != OVERCOMMIT_NEVER) {
            vmFlags |= VM_NORESERVE;
        }
        addr = ops.mmapRegion(mm, t, file == null ? Vma.NO_FILE : file.id(), addr, len, vmFlags, pgoff);
        if (addr >= 0 && ((vmFlags & VM_LOCKED) != 0 || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)) {
            populate[0] = len;
        }
        return addr;
    }

    // ---- get_unmapped_area -------------------------------------------------------------------

    /**
     * mm/mmap.c: __get_unmapped_area — where a mapping of {@code len} goes: the file's method
     * (thp_get_unmapped_area for the model's files), shmem's for a shared anonymous mapping,
     * THP alignment for an anonymous one of a multiple of 2 MiB without a hint, else the mm's
     * top-down or bottom-up search; MAP_FIXED takes addr as it is.
     *
     * @param file the file id, or -1
     * @param shmem a shared anonymous mapping
     * @return the address, or a negative errno
     */
    long getUnmappedArea(Mm mm, TaskLimits t, int file, boolean shmem, long addr, long len, long pgoff, int flags,
            long vmFlags) {
        ops.trace.enter(MmapEvents.GET_UNMAPPED_AREA, addr, len, pgoff, flags);
        long r = doGetUnmappedArea(mm, t, file, shmem, addr, len, pgoff, flags, vmFlags);
        ops.trace.exit(r);
        return r;
    }

    private long doGetUnmappedArea(Mm mm, TaskLimits t, int file, boolean shmem, long addr, long len, long pgoff,
            int flags, long vmFlags) {
        long taskSize = mm.taskSize();
        if (Long.compareUnsigned(len, taskSize) > 0) {
            return -Errno.ENOMEM;
        }
        boolean hasFile = file != Vma.NO_FILE;
        if (!hasFile) {
            pgoff = 0;
        }
        if (hasFile && ops.state.thpCompiled()) {
            addr = thpGetUnmappedArea(mm, hasFile, addr, len, pgoff, flags, 0);
        } else if (shmem || hasFile) {
            addr = mmGetUnmappedArea(mm, hasFile, addr, len, pgoff, flags, 0);
        } else if (ops.state.thpCompiled() && addr == 0 && len % PMD_SIZE == 0) {
            addr = thpGetUnmappedArea(mm, false, addr, len, pgoff, flags, vmFlags);
        } else {
            addr = mmGetUnmappedArea(mm, false, addr, len, pgoff, flags, vmFlags);
        }
        if (addr < 0) {
            return addr;
        }
        if (Long.compareUnsigned(addr, taskSize - len) > 0) {
            return -Errno.ENOMEM;
        }
        if (offsetInPage(addr) != 0) {
            return -Errno.EINVAL;
        }
        // security_mmap_addr (cap_mmap_addr): below mmap_min_addr needs CAP_SYS_RAWIO, which
        // the model grants with CAP_SYS_ADMIN.
        if (Long.compareUnsigned(addr, ops.state.mmapMinAddr()) < 0 && !t.capSysAdmin()) {
            return -Errno.EPERM;
        }
        return addr;
    }

    /**
     * mm/huge_memory.c: thp_get_unmapped_area_vmflags — asks for 2 MiB more and aligns the
     * result so that file offset and address agree modulo 2 MiB; else the plain search.
     */
    private long thpGetUnmappedArea(Mm mm, boolean file, long addr, long len, long pgoff, int flags, long vmFlags) {
        long off = pgoff << PAGE_SHIFT;
        long size = PMD_SIZE;
        long offEnd = off + len;
        long offAlign = (off + size - 1) & ~(size - 1);
        if (!(offEnd <= offAlign || offEnd - offAlign < size)) {
            long lenPad = len + size;
            if (Long.compareUnsigned(lenPad, len) >= 0 && Long.compareUnsigned(off + lenPad, off) >= 0) {
                long ret = mmGetUnmappedArea(mm, file, addr, lenPad, off >>> PAGE_SHIFT, flags, vmFlags);
                if (ret >= 0) {
                    if (ret == addr) {
                        return addr;
                    }
                    long offSub = (off - ret) & (size - 1);
                    if (mm.topdown() && offSub == 0) {
                        return ret + size;
                    }
                    return ret + offSub;
                }
            }
        }
        return mmGetUnmappedArea(mm, file, addr, len, pgoff, flags, vmFlags);
    }

    /** mm/mmap.c: mm_get_unmapped_area_vmflags — top-down when MMF_TOPDOWN, else bottom-up. */
    private long mmGetUnmappedArea(Mm mm, boolean file, long addr, long len, long pgoff, int flags, long vmFlags) {
        return mm.topdown() ? archGetUnmappedAreaTopdown(mm, addr, len, pgoff, flags, vmFlags)
                : archGetUnmappedArea(mm, addr, len, pgoff, flags, vmFlags);
    }

    /** The page a VMA starting at vm_start must keep free below it: stack_guard_gap or a page. */
    private long startGap(Vma v) {
        return v.startGap(ops.state.stackGuardGap());
    }

    /** include/asm: stack_guard_placement — a shadow stack keeps a page free below it. */
    private static long stackGuardPlacement(long vmFlags) {
        return (vmFlags & VM_SHADOW_STACK) != 0 ? PAGE_SIZE : 0;
    }

    /** arch/x86/mm/mmap.c: mmap_address_hint_valid — the hint must not straddle the 47-bit window. */
    private static boolean hintValid(Mm mm, long addr, long len) {
        if (Long.compareUnsigned(mm.taskSize() - len, addr) < 0) {
            return false;
        }
        return (Long.compareUnsigned(addr, Mm.DEFAULT_MAP_WINDOW) > 0) == (Long.compareUnsigned(addr + len,
                Mm.DEFAULT_MAP_WINDOW) > 0);
    }

    /**
     * arch/x86/kernel/sys_x86_64.c: arch_get_unmapped_area_topdown — a valid free hint as it
     * is, else the highest gap below mmap_base (above 4 GiB for MAP_ABOVE4G; the whole space
     * for a hint above the 47-bit window), else bottom-up.
     */
    private long archGetUnmappedAreaTopdown(Mm mm, long addr0, long len, long pgoff, int flags, long vmFlags) {
        long addr = addr0;
        if (Long.compareUnsigned(len, mm.taskSize()) > 0) {
            return -Errno.ENOMEM;
        }
        if ((flags & MAP_FIXED) != 0) {
            return addr;
        }
        if ((flags & MAP_32BIT) == 0) {
            if (addr != 0) {
                addr &= PAGE_MASK;
                if (hintValid(mm, addr, len)) {
                    Vma vma = mm.findVma(addr);
                    if (vma == null || Long.compareUnsigned(addr + len, startGap(vma)) <= 0) {
                        return addr;
                    }
                }
            }
            long low = (flags & MAP_ABOVE4G) != 0 ? SIZE_4G : PAGE_SIZE;
            long high = mm.mmapBase();
            if (Long.compareUnsigned(addr, Mm.DEFAULT_MAP_WINDOW) > 0) {
                high += mm.taskSize() - Mm.DEFAULT_MAP_WINDOW;
            }
            long r = ops.vmUnmappedArea(mm, true, len, low, high, 0, pgoff << PAGE_SHIFT, stackGuardPlacement(
                    vmFlags));
            if (r >= 0) {
                return r;
            }
        }
        return archGetUnmappedArea(mm, addr0, len, pgoff, flags, 0);
    }

    /**
     * arch/x86/kernel/sys_x86_64.c: arch_get_unmapped_area — a valid free hint as it is, else the
     * lowest gap from mmap_legacy_base (or in MAP_32BIT's window).
     */
    private long archGetUnmappedArea(Mm mm, long addr, long len, long pgoff, int flags, long vmFlags) {
        if ((flags & MAP_FIXED) != 0) {
            return addr;
        }
        long begin;
        long end;
        if ((flags & MAP_32BIT) != 0) {
            begin = MAP_32BIT_BEGIN;
            end = MAP_32BIT_END;
        } else {
            begin = mm.mmapLegacyBase();
            end = Long.compareUnsigned(addr, Mm.DEFAULT_MAP_WINDOW) > 0 ? mm.taskSize() : Mm.DEFAULT_MAP_WINDOW;
        }
        if (Long.compareUnsigned(len, end) > 0) {
            return -Errno.ENOMEM;
        }
        if (addr != 0) {
            addr = pageAlign(addr);
            Vma vma = mm.findVma(addr);
            if (Long.compareUnsigned(end - len, addr) >= 0 && (vma == null || Long.compareUnsigned(addr + len,
                    startGap(vma)) <= 0)) {
                return addr;
            }
        }
        return ops.vmUnmappedArea(mm, false, len, begin, end, 0, pgoff << PAGE_SHIFT, stackGuardPlacement(vmFlags));
    }

    // ---- munmap and brk ------------------------------------------------------------------------

    /** mm/mmap.c: sys_munmap (__vm_munmap, do_vmi_munmap). */
    int sysMunmap(Mm mm, long addr, long len) {
        ops.trace.enter(MmapEvents.SYS_MUNMAP, addr, len);
        int r = ops.doVmiMunmap(mm, addr, len);
        ops.trace.exit(r);
        return r;
    }

    private void setBrk(Mm mm, long brk) {
        long old = mm.brk();
        if (old != brk) {
            mm.setBrk(brk);
            ops.trace.point(MmapEvents.MM_SET_BRK, mm.owner(), old, brk);
        }
    }

    /**
     * mm/mmap.c: sys_brk — below start_brk or over RLIMIT_DATA: the old break; within the same
     * page: only mm->brk; shrinking: unmap the whole pages above the new break; growing: refuse
     * if the next VMA is within stack_guard_gap of it, else do_brk_flags (populated with
     * mlockall(MCL_FUTURE)).
     *
     * @return the new break (as asked, unaligned) on success, the old one on failure
     */
    long sysBrk(Mm mm, TaskLimits t, long brk) {
        ops.trace.enter(MmapEvents.SYS_BRK, brk);
        long r = doBrk(mm, t, brk);
        ops.trace.exit(r);
        return r;
    }

    private long doBrk(Mm mm, TaskLimits t, long brk) {
        long origbrk = mm.brk();
        long minBrk = mm.startBrk();
        if (Long.compareUnsigned(brk, minBrk) < 0) {
            return origbrk;
        }
        if (t.rlimitData() != TaskLimits.RLIM_INFINITY && Long.compareUnsigned((brk - mm.startBrk())
                + (mm.endData() - mm.startData()), t.rlimitData()) > 0) {
            return origbrk;
        }
        long newbrk = pageAlign(brk);
        long oldbrk = pageAlign(mm.brk());
        if (oldbrk == newbrk) {
            setBrk(mm, brk);
            return brk;
        }
        if (Long.compareUnsigned(brk, mm.brk()) <= 0) {
            Vma brkvma = mm.findVmaIntersection(newbrk, oldbrk);
            if (brkvma == null || Long.compareUnsigned(brkvma.start(), oldbrk) >= 0) {
                return origbrk;
            }
            setBrk(mm, brk);
            if (ops.doVmiAlignMunmap(mm, brkvma, newbrk, oldbrk) != 0) {
                setBrk(mm, origbrk);
                return origbrk;
            }
            return brk;
        }
        // check_brk_limits: get_unmapped_area(NULL, oldbrk, len, 0, MAP_FIXED) and mlock_future_ok.
        long len = newbrk - oldbrk;
        if (getUnmappedArea(mm, t, Vma.NO_FILE, false, oldbrk, len, 0, MAP_FIXED, 0) < 0
                || !VmaOps.mlockFutureOk(mm, t, mm.defFlags(), len)) {
            return origbrk;
        }
        Vma next = mm.findVmaIntersection(oldbrk, newbrk + PAGE_SIZE + ops.state.stackGuardGap());
        if (next != null && Long.compareUnsigned(newbrk + PAGE_SIZE, startGap(next)) > 0) {
            return origbrk;
        }
        Vma brkvma = mm.tree().prevOf(oldbrk);
        if (brkvma != null && Long.compareUnsigned(brkvma.end(), mm.startBrk()) <= 0) {
            brkvma = null;
        }
        if (ops.doBrkFlags(mm, t, brkvma, oldbrk, len, 0) < 0) {
            return origbrk;
        }
        setBrk(mm, brk);
        if ((mm.defFlags() & VM_LOCKED) != 0) {
            mmPopulate(mm, oldbrk, len, true);
        }
        return brk;
    }

    // ---- populate ------------------------------------------------------------------------------

    /**
     * mm/gup.c: __mm_populate — faults in [start, start + len) VMA by VMA, skipping VM_IO and
     * VM_PFNMAP ones.
     *
     * @return 0 or the first error (always 0 when {@code ignoreErrors})
     */
    long mmPopulate(Mm mm, long start, long len, boolean ignoreErrors) {
        ops.trace.enter(MmapEvents.MM_POPULATE, start, len, ignoreErrors ? 1 : 0);
        long end = start + len;
        long ret = 0;
        Vma vma = null;
        long nend;
        for (long nstart = start; Long.compareUnsigned(nstart, end) < 0; nstart = nend) {
            if (vma == null) {
                vma = mm.findVmaIntersection(nstart, end);
            } else if (Long.compareUnsigned(nstart, vma.end()) >= 0) {
                vma = mm.findVmaIntersection(vma.end(), end);
            }
            if (vma == null) {
                break;
            }
            nend = Math.min(end, vma.end());
            if ((vma.flags() & (VM_IO | VM_PFNMAP)) != 0) {
                continue;
            }
            if (nstart < vma.start()) {
                nstart = vma.start();
            }
            long r = populateVmaPageRange(mm, vma, nstart, nend);
            if (r < 0) {
                if (ignoreErrors) {
                    ret = 0;
                    continue;
                }
                ret = r;
                break;
            }
            nend = nstart + r * PAGE_SIZE;
            ret = 0;
        }
        ops.trace.exit(ret);
        return ret;
    }

    /**
     * mm/gup.c: populate_vma_page_range — nothing for VM_LOCKONFAULT, -EFAULT for PROT_NONE,
     * write faults for a private writable VMA (to break COW), read faults otherwise.
     *
     * @return pages done, or a negative errno
     */
    long populateVmaPageRange(Mm mm, Vma vma, long start, long end) {
        long nrPages = (end - start) >>> PAGE_SHIFT;
        boolean write = (vma.flags() & (VM_WRITE | VM_SHARED)) == VM_WRITE;
        ops.trace.enter(MmapEvents.POPULATE_VMA_PAGE_RANGE, vma.id(), start, end, write ? 1 : 0);
        long r;
        if ((vma.flags() & VM_LOCKONFAULT) != 0) {
            r = nrPages;
        } else if (!isAccessible(vma.flags())) {
            r = -Errno.EFAULT;
        } else {
            r = ops.pages.populate(mm, vma, start, end, write);
        }
        ops.trace.exit(r);
        return r;
    }

    // ---- fork, exit, exec ----------------------------------------------------------------------

    /**
     * mm/mmap.c: dup_mmap (with dup_mm's mm_init) — the child's mm: every VMA of {@code old}
     * copied under a new id, in address order, except VM_DONTCOPY ones (uncounted from the
     * child's total_vm); VM_ACCOUNT ones charged again; VM_LOCKED and VM_LOCKONFAULT dropped; a
     * VM_WIPEONFORK copy without anon_vma or page tables; the others with an anon_vma of their
     * own (anon_vma_fork) and their page tables copied (copy_page_range).
     *
     * @return the child's mm, or null for -ENOMEM (the partial copy is torn down)
     */
    Mm dupMmap(Mm old, TaskLimits t, int childPid) {
        ops.trace.enter(MmapEvents.DUP_MMAP, old.owner(), childPid);
        Mm mm = old.emptyCopyFor(childPid);
        int err = ops.pages.pgdAlloc(mm);
        if (err != 0) {
            ops.trace.exit(err);
            return null;
        }
        for (Vma mpnt : old.vmas()) {
            if ((mpnt.flags() & VM_DONTCOPY) != 0) {
                ops.vmStatAccount(mm, mpnt.flags(), -mpnt.pages());
                continue;
            }
            if ((mpnt.flags() & VM_ACCOUNT) != 0 && ops.vmEnoughMemory(old, t, mpnt.pages()) != 0) {
                err = -Errno.ENOMEM;
                break;
            }
            Vma tmp = mpnt.withId(ops.state.newVmaId()).withAnonVma(Vma.NO_ANON_VMA, 0)
                    .withFlags(mpnt.flags() & ~VM_LOCKED_MASK);
            boolean wipe = (mpnt.flags() & VM_WIPEONFORK) != 0;
            if (!wipe && mpnt.hasAnonVma()) {
                tmp = ops.pages.anonVmaFork(mm, tmp, old, mpnt);
            }
            ops.insert(mm, tmp);
            if (tmp.hasAnonVma()) {
                ops.trace.point(MmapEvents.VMA_SET_ANON_VMA, mm.owner(), tmp.id(), tmp.anonVma(), tmp.anonVmaChain());
            }
            if (!wipe) {
                err = ops.pages.copyPageRange(mm, tmp, old, mpnt);
                if (err != 0) {
                    break;
                }
            }
        }
        if (err != 0) {
            exitMmap(mm);
            ops.pages.pgdFree(mm);
            ops.trace.exit(err);
            return null;
        }
        mm.setHiwaterRss(mm.rss());
        mm.setHiwaterVm(mm.totalVm());
        ops.trace.exit(0);
        return mm;
    }

    /**
     * mm/mmap.c: exit_mmap — zaps every VMA, frees all page tables, removes the VMAs and gives
     * back the commit charge of the VM_ACCOUNT ones.
     */
    void exitMmap(Mm mm) {
        ops.trace.enter(MmapEvents.EXIT_MMAP, mm.owner());
        List<Vma> vmas = mm.vmas();
        if (!vmas.isEmpty()) {
            mm.updateHiwaterRss();
            for (Vma v : vmas) {
                ops.pages.zapRange(mm, v, v.start(), v.end());
            }
            ops.pages.freePgtables(mm, vmas, 0, 0);
            long nrAccounted = 0;
            for (Vma v : vmas) {
                if (v.hasAnonVma()) {
                    ops.pages.unlinkAnonVmas(mm, v);
                }
                if ((v.flags() & VM_ACCOUNT) != 0) {
                    nrAccounted += v.pages();
                }
                ops.remove(mm, v);
            }
            ops.vmAcctMemory(-nrAccounted);
        }
        ops.trace.exit(0);
    }

    /** STACK_TOP without randomisation: the top of the 47-bit window, for both paging modes. */
    static final long STACK_TOP = Mm.DEFAULT_MAP_WINDOW;
    /** fs/exec.c: setup_arg_pages's stack_expand: the stack VMA gets 128 KiB more than the arguments use. */
    private static final long STACK_EXPAND = 131072;

    /**
     * fs/exec.c and mm/vma_exec.c: the VMA work of execve for a fresh mm with one page of
     * arguments — create_init_stack_vma (a one-page VM_STACK_FLAGS VMA, charged and counted),
     * setup_arg_pages (at STACK_TOP, grown by 128 KiB through expand_downwards: charged and
     * counted too) — and an empty heap at {@code startBrk}. start_stack is the page under
     * STACK_TOP that holds the arguments. The ELF segments are not mapped.
     *
     * @return 0 or -ENOMEM
     */
    int setupExecMm(Mm mm, TaskLimits t, long startBrk) {
        if (mm.mapCount() != 0) {
            throw new IllegalStateException(mm + " is not a fresh mm");
        }
        long rlimStack = t.rlimitStack() & PAGE_MASK;
        long stackSize = PAGE_SIZE;
        long expand = Math.min(rlimStack, stackSize + STACK_EXPAND);
        long stackStart = STACK_TOP - Math.max(expand, stackSize);
        ops.trace.enter(MmapEvents.SETUP_ARG_PAGES, mm.owner(), stackStart, STACK_TOP, startBrk);
        int r = doSetupExecMm(mm, t, startBrk, stackStart);
        ops.trace.exit(r);
        return r;
    }

    private int doSetupExecMm(Mm mm, TaskLimits t, long startBrk, long stackStart) {
        long flags = VM_STACK_FLAGS | mm.defFlags() | (ops.state.memSoftDirty() ? VM_SOFTDIRTY : 0);
        // insert_vm_struct: charge the VM_ACCOUNT page, pgoff from the address.
        if (ops.vmEnoughMemory(mm, t, 1) != 0) {
            return -Errno.ENOMEM;
        }
        Vma stack = Vma.of(ops.state.newVmaId(), STACK_TOP - PAGE_SIZE, STACK_TOP, flags,
                (STACK_TOP - PAGE_SIZE) >>> PAGE_SHIFT, Vma.NO_FILE);
        ops.insert(mm, stack);
        ops.vmStatAccount(mm, flags, 1);
        // expand_downwards with acct_stack_growth.
        long grow = (stack.start() - stackStart) >>> PAGE_SHIFT;
        if (grow > 0) {
            if (!VmaOps.mayExpandVm(mm, t, flags, grow) || STACK_TOP - stackStart > t.rlimitStack()
                    || !VmaOps.mlockFutureOk(mm, t, flags, grow << PAGE_SHIFT) || ops.vmEnoughMemory(mm, t, grow)
                            != 0) {
                return -Errno.ENOMEM;
            }
            if ((flags & VM_LOCKED) != 0) {
                ops.addLockedVm(mm, grow);
            }
            ops.vmStatAccount(mm, flags, grow);
            ops.setRange(mm, stack, stackStart, STACK_TOP, stack.pgoff() - grow);
        }
        mm.setStartStack(STACK_TOP - PAGE_SIZE);
        mm.setStartBrk(startBrk);
        setBrk(mm, startBrk);
        return 0;
    }
}
