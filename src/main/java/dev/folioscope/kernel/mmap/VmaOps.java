package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.VmFlags.*;

import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MmapEvents;
import dev.folioscope.kernel.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * mm/vma.c: merging, splitting, unmapping and mapping VMAs, and the accounting they do
 * (mm/util.c: __vm_enough_memory; mm/mmap.c: vm_stat_account, may_expand_vm). Every change to
 * an mm's tree goes through {@link #insert}, {@link #remove}, {@link #setRange},
 * {@link #setFlags} or {@link #setAnonVma}, each of which emits its point event.
 *
 * <p>Context: the caller holds the mm's mmap_lock for writing (the model is single-threaded;
 * the VMAs passed in are the tree's current values).
 */
final class VmaOps {
    final MmapState state;
    final Trace trace;
    final PageRangeOps pages;

    VmaOps(MmapState state, Trace trace, PageRangeOps pages) {
        this.state = state;
        this.trace = trace;
        this.pages = pages;
    }

    static long pages(long bytes) {
        return bytes >>> Mman.PAGE_SHIFT;
    }

    static long id(Vma v) {
        return v == null ? -1 : v.id();
    }

    // ---- the tree, with its events ------------------------------------------------------------

    void insert(Mm mm, Vma v) {
        mm.link(v);
        trace.point(MmapEvents.VMA_INSERT, mm.owner(), v.id(), v.start(), v.end(), v.flags(), v.pgoff(),
                mm.mapCount());
    }

    void remove(Mm mm, Vma v) {
        mm.unlink(v);
        trace.point(MmapEvents.VMA_REMOVE, mm.owner(), v.id(), v.start(), v.end(), v.flags(), mm.mapCount());
    }

    /** vma_set_range. */
    Vma setRange(Mm mm, Vma v, long start, long end, long pgoff) {
        Vma n = v.withRange(start, end, pgoff);
        mm.replace(v, n);
        trace.point(MmapEvents.VMA_SET_RANGE, mm.owner(), v.id(), start, end, pgoff);
        return n;
    }

    /** vm_flags_reset: no event when nothing changes. */
    Vma setFlags(Mm mm, Vma v, long flags) {
        if (flags == v.flags()) {
            return v;
        }
        Vma n = v.withFlags(flags);
        mm.replace(v, n);
        trace.point(MmapEvents.VMA_SET_FLAGS, mm.owner(), v.id(), v.flags(), flags);
        return n;
    }

    Vma setAnonVma(Mm mm, Vma v, int anonVma, int chain) {
        Vma n = v.withAnonVma(anonVma, chain);
        mm.replace(v, n);
        trace.point(MmapEvents.VMA_SET_ANON_VMA, mm.owner(), v.id(), anonVma, chain);
        return n;
    }

    // ---- accounting --------------------------------------------------------------------------

    /** mm/mmap.c: vm_stat_account. */
    void vmStatAccount(Mm mm, long flags, long npages) {
        mm.vmStatAccount(flags, npages);
        trace.point(MmapEvents.VM_STAT_ACCOUNT, mm.owner(), flags, npages, mm.totalVm(), mm.dataVm(), mm.execVm(),
                mm.stackVm());
    }

    void addLockedVm(Mm mm, long delta) {
        if (delta != 0) {
            mm.addLockedVm(delta);
            trace.point(MmapEvents.MM_LOCKED_VM, mm.owner(), delta, mm.lockedVm());
        }
    }

    /** include/linux/mman.h: vm_acct_memory / vm_unacct_memory (negative pages). */
    void vmAcctMemory(long pages) {
        if (pages != 0) {
            state.addCommitted(pages);
            trace.point(MmapEvents.VM_ACCT_MEMORY, pages, state.committedAs());
        }
    }

    /** mm/util.c: vm_commit_limit — the OVERCOMMIT_NEVER limit, in pages (no hugetlb pages). */
    long vmCommitLimit() {
        return state.commitLimit(pages.totalramPages(), pages.totalSwapPages());
    }

    /**
     * mm/util.c: __vm_enough_memory, as security_vm_enough_memory_mm calls it (cap_sys_admin
     * from the task). Charges {@code pages} to vm_committed_as, then takes them back if the
     * policy refuses.
     *
     * @return 0 or -ENOMEM
     */
    int vmEnoughMemory(Mm mm, TaskLimits t, long npages) {
        int mode = state.overcommitMemory();
        long after = state.rawCommittedAs() + npages;
        long allowed;
        boolean ok;
        if (mode == Mman.OVERCOMMIT_ALWAYS) {
            allowed = -1;
            ok = true;
        } else if (mode == Mman.OVERCOMMIT_GUESS) {
            allowed = pages.totalramPages() + pages.totalSwapPages();
            ok = npages <= allowed;
        } else {
            allowed = vmCommitLimit();
            if (!t.capSysAdmin()) {
                allowed -= state.adminReserveKbytes() >> (Mman.PAGE_SHIFT - 10);
            }
            if (mm != null) {
                long reserve = state.userReserveKbytes() >> (Mman.PAGE_SHIFT - 10);
                allowed -= Math.min(mm.totalVm() / 32, reserve);
            }
            ok = Math.max(0, after) < allowed;
        }
        trace.enter(MmapEvents.VM_ENOUGH_MEMORY, npages, mode, allowed, Math.max(0, ok ? after
                : state.rawCommittedAs()));
        vmAcctMemory(npages);
        if (!ok) {
            vmAcctMemory(-npages);
        }
        int r = ok ? 0 : -Errno.ENOMEM;
        trace.exit(r);
        return r;
    }

    /** mm/mmap.c: may_expand_vm — RLIMIT_AS on total_vm, RLIMIT_DATA on data_vm. */
    static boolean mayExpandVm(Mm mm, TaskLimits t, long flags, long npages) {
        if (mm.totalVm() + npages > TaskLimits.pages(t.rlimitAs())) {
            return false;
        }
        return !(isDataMapping(flags) && mm.dataVm() + npages > TaskLimits.pages(t.rlimitData()));
    }

    /** mm/mmap.c: mlock_future_ok. */
    static boolean mlockFutureOk(Mm mm, TaskLimits t, long flags, long bytes) {
        if ((flags & VM_LOCKED) == 0 || t.capIpcLock()) {
            return true;
        }
        return pages(bytes) + mm.lockedVm() <= TaskLimits.pages(t.rlimitMemlock());
    }

    /** mm/mlock.c: can_do_mlock. */
    static boolean canDoMlock(TaskLimits t) {
        return t.rlimitMemlock() != 0 || t.capIpcLock();
    }

    // ---- merging -----------------------------------------------------------------------------

    enum MergeState {
        START, NOMERGE, SUCCESS
    }

    /** mm/vma.h: struct vma_merge_struct. */
    static final class Vmg {
        Vma prev;
        Vma middle;
        Vma next;
        Vma target;
        long start;
        long end;
        long pgoff;
        long flags;
        int file;
        int anonVma;
        String anonName;
        MergeState state = MergeState.START;
        boolean justExpand;
        boolean adjustMiddleStart;
        boolean adjustNextStart;
        boolean removeMiddle;
        boolean removeNext;

        /** VMG_STATE: a new range. */
        static Vmg newRange(long start, long end, long flags, long pgoff, int file) {
            Vmg g = new Vmg();
            g.start = start;
            g.end = end;
            g.flags = flags;
            g.pgoff = pgoff;
            g.file = file;
            return g;
        }

        /** VMG_VMA_STATE: [start, end) of an existing VMA, with its properties. */
        static Vmg ofVma(Vma prev, Vma vma, long start, long end) {
            Vmg g = new Vmg();
            g.prev = prev;
            g.middle = vma;
            g.start = start;
            g.end = end;
            g.flags = vma.flags();
            g.pgoff = vma.pgoffAt(start);
            g.file = vma.file();
            g.anonVma = vma.anonVma();
            g.anonName = vma.anonName();
            return g;
        }
    }

    /** mm/vma.c: vma_had_uncowed_parents. */
    private static boolean hadUncowedParents(Vma v) {
        return v != null && v.hasAnonVma() && v.anonVmaChain() != 1;
    }

    /** mm/vma.c: is_mergeable_vma (mempolicy and uffd context are not modelled: always equal). */
    private static boolean isMergeableVma(Vmg g, Vma v) {
        return ((v.flags() ^ g.flags) & ~VM_SOFTDIRTY) == 0 && v.file() == g.file && Vma.sameName(v.anonName(),
                g.anonName);
    }

    /** mm/vma.c: is_mergeable_anon_vma. */
    private static boolean isMergeableAnonVma(Vmg g, Vma tgt) {
        if (!tgt.hasAnonVma() && g.anonVma != Vma.NO_ANON_VMA) {
            return !hadUncowedParents(g.middle);
        }
        if (tgt.hasAnonVma() && g.anonVma == Vma.NO_ANON_VMA) {
            return !hadUncowedParents(tgt);
        }
        return g.anonVma == tgt.anonVma();
    }

    /** mm/vma.c: can_vma_merge_before — the range goes in front of next. */
    private static boolean canMergeBefore(Vmg g) {
        return isMergeableVma(g, g.next) && isMergeableAnonVma(g, g.next) && g.next.pgoff() == g.pgoff + pages(g.end
                - g.start);
    }

    /** mm/vma.c: can_vma_merge_after — the range goes after prev. */
    private static boolean canMergeAfter(Vmg g) {
        return isMergeableVma(g, g.prev) && isMergeableAnonVma(g, g.prev) && g.prev.pgoff() + g.prev.pages()
                == g.pgoff;
    }

    /** mm/vma.c: can_vma_merge_left. */
    private static boolean canMergeLeft(Vmg g) {
        return g.prev != null && g.prev.end() == g.start && canMergeAfter(g);
    }

    /** mm/vma.c: can_vma_merge_right — with a left merge too, prev and next must agree on anon_vma. */
    private static boolean canMergeRight(Vmg g, boolean canMergeLeft) {
        Vma next = g.next;
        if (next == null || g.end != next.start() || !canMergeBefore(g)) {
            return false;
        }
        if (!canMergeLeft) {
            return true;
        }
        return !g.prev.hasAnonVma() || !next.hasAnonVma() || g.prev.anonVma() == next.anonVma();
    }

    /**
     * mm/vma.c: dup_anon_vma — an unfaulted {@code dst} absorbing a faulted {@code src} takes
     * over its anon_vma (anon_vma_clone).
     */
    private Vma dupAnonVma(Mm mm, Vma dst, Vma src) {
        if (src.hasAnonVma() && !dst.hasAnonVma()) {
            dst = setAnonVma(mm, dst, src.anonVma(), src.anonVmaChain());
            pages.anonVmaClone(mm, dst, src);
        }
        return dst;
    }

    /**
     * mm/vma.c: commit_merge with vma_complete — drops the VMAs the merge removes, shrinks the
     * one whose start moves up, then sets the range of the one that grows.
     */
    private void commitMerge(Mm mm, Vmg g) {
        if (g.removeMiddle) {
            dropMerged(mm, g.middle);
        }
        if (g.removeNext) {
            dropMerged(mm, g.next);
        }
        if (g.adjustNextStart) {
            g.middle = setRange(mm, g.middle, g.start, g.end, g.pgoff);
            Vma next = g.next;
            g.next = setRange(mm, next, g.end, next.end(), next.pgoff() - pages(next.start() - g.end));
            g.target = g.next;
            return;
        }
        if (g.adjustMiddleStart) {
            Vma m = g.middle;
            g.middle = setRange(mm, m, g.end, m.end(), m.pgoff() + pages(g.end - m.start()));
        }
        g.target = setRange(mm, g.target, g.start, g.end, g.pgoff);
    }

    /** vma_complete's removal: anon_vma_merge, map_count--, vm_area_free. */
    private void dropMerged(Mm mm, Vma v) {
        remove(mm, v);
        if (v.hasAnonVma()) {
            pages.unlinkAnonVmas(mm, v);
        }
    }

    /**
     * mm/vma.c: vma_expand — grows vmg.target to [vmg.start, vmg.end), absorbing vmg.next if the
     * range reaches its end.
     */
    private int vmaExpand(Mm mm, Vmg g) {
        Vma next = g.next;
        boolean removeNext = next != null && g.target.id() != next.id() && g.end == next.end();
        trace.enter(MmapEvents.VMA_EXPAND, g.target.id(), g.start, g.end, removeNext ? next.id() : -1);
        if (removeNext) {
            g.target = dupAnonVma(mm, g.target, next);
            g.removeNext = true;
        }
        commitMerge(mm, g);
        trace.exit(0);
        return 0;
    }

    /**
     * mm/vma.c: vma_merge_new_range — a new range [vmg.start, vmg.end) is about to be mapped
     * between vmg.prev and vmg.next: extend one of them (or both into one) instead.
     *
     * @return the VMA now covering the range, or null (no merge)
     */
    Vma mergeNewRange(Mm mm, Vmg g) {
        trace.enter(MmapEvents.VMA_MERGE_NEW_RANGE, g.start, g.end, g.flags, id(g.prev), id(g.next));
        Vma r = doMergeNewRange(mm, g);
        trace.exit(id(r));
        return r;
    }

    private Vma doMergeNewRange(Mm mm, Vmg g) {
        g.state = MergeState.NOMERGE;
        if ((g.flags & VM_SPECIAL) != 0 || (g.prev == null && g.next == null)) {
            return null;
        }
        boolean left = canMergeLeft(g);
        boolean right = !g.justExpand && canMergeRight(g, left);
        if (right) {
            g.end = g.next.end();
            g.target = g.next;
        }
        if (left) {
            g.start = g.prev.start();
            g.target = g.prev;
            g.pgoff = g.prev.pgoff();
        }
        if (g.target != null && vmaExpand(mm, g) == 0) {
            g.state = MergeState.SUCCESS;
            return g.target;
        }
        return null;
    }

    /**
     * mm/vma.c: vma_merge_existing_range — [vmg.start, vmg.end) of vmg.middle is about to get
     * vmg's properties: merge it into prev, next or both if they match.
     *
     * @return the merged VMA, or null (no merge)
     */
    Vma mergeExistingRange(Mm mm, Vmg g) {
        trace.enter(MmapEvents.VMA_MERGE_EXISTING_RANGE, g.middle.id(), g.start, g.end, g.flags, id(g.prev));
        Vma r = doMergeExistingRange(mm, g);
        trace.exit(id(r));
        return r;
    }

    private Vma doMergeExistingRange(Mm mm, Vmg g) {
        Vma middle = g.middle;
        long start = g.start;
        long end = g.end;
        boolean leftSide = start == middle.start();
        boolean rightSide = end == middle.end();
        g.state = MergeState.NOMERGE;
        if ((g.flags & VM_SPECIAL) != 0 || (!leftSide && !rightSide)) {
            return null;
        }
        boolean mergeLeft = leftSide && canMergeLeft(g);
        boolean mergeRight = false;
        if (rightSide) {
            g.next = mm.tree().next(middle);
            mergeRight = canMergeRight(g, mergeLeft);
        }
        if (!mergeLeft && !mergeRight) {
            return null;
        }
        boolean mergeBoth = mergeLeft && mergeRight;
        g.removeMiddle = leftSide && rightSide;
        g.removeNext = mergeBoth;
        if (mergeBoth) {
            g.start = g.prev.start();
            g.end = g.next.end();
            g.pgoff = g.prev.pgoff();
            g.prev = dupAnonVma(mm, g.prev, g.next.hasAnonVma() ? g.next : middle);
            g.target = g.prev;
        } else if (mergeLeft) {
            g.start = g.prev.start();
            g.pgoff = g.prev.pgoff();
            g.adjustMiddleStart = !g.removeMiddle;
            g.prev = dupAnonVma(mm, g.prev, middle);
            g.target = g.prev;
        } else {
            long pglen = pages(g.end - g.start);
            if (g.removeMiddle) {
                g.end = g.next.end();
                g.pgoff = g.next.pgoff() - pglen;
            } else {
                g.adjustNextStart = true;
                g.start = middle.start();
                g.end = start;
                g.pgoff = middle.pgoff();
            }
            g.next = dupAnonVma(mm, g.next, middle);
            g.target = g.next;
        }
        commitMerge(mm, g);
        g.state = MergeState.SUCCESS;
        return g.target;
    }

    // ---- splitting and modifying ---------------------------------------------------------------

    /**
     * mm/vma.c: split_vma (with {@code checkMapCount}) or __split_vma — cuts {@code vma} at
     * {@code addr}; the new VMA takes the part below addr ({@code newBelow}) or from addr on,
     * the original (same id) keeps the rest.
     *
     * @return the original VMA as it is now, or null if map_count is at max_map_count (-ENOMEM)
     */
    Vma splitVma(Mm mm, Vma vma, long addr, boolean newBelow, boolean checkMapCount) {
        trace.enter(MmapEvents.SPLIT_VMA, vma.id(), addr, newBelow ? 1 : 0);
        if (checkMapCount && mm.mapCount() >= state.maxMapCount()) {
            trace.exit(-1);
            return null;
        }
        Vma neu;
        Vma kept;
        if (newBelow) {
            neu = vma.withId(state.newVmaId()).withRange(vma.start(), addr, vma.pgoff());
            kept = setRange(mm, vma, addr, vma.end(), vma.pgoffAt(addr));
        } else {
            neu = vma.withId(state.newVmaId()).withRange(addr, vma.end(), vma.pgoffAt(addr));
            kept = setRange(mm, vma, vma.start(), addr, vma.pgoff());
        }
        insert(mm, neu);
        if (vma.hasAnonVma()) {
            pages.anonVmaClone(mm, neu, kept);
        }
        trace.exit(neu.id());
        return kept;
    }

    /**
     * mm/vma.c: vma_modify — [start, end) of {@code vma} is about to get {@code vmg}'s
     * properties: merge it with a neighbour, or split it off.
     *
     * @return the VMA that now holds exactly the range (or more, merged), or null for -ENOMEM
     */
    private Vma vmaModify(Mm mm, Vmg g) {
        Vma vma = g.middle;
        long start = g.start;
        long end = g.end;
        Vma merged = mergeExistingRange(mm, g);
        if (merged != null) {
            return merged;
        }
        if (vma.start() < start) {
            vma = splitVma(mm, vma, start, true, true);
            if (vma == null) {
                return null;
            }
        }
        if (vma.end() > end) {
            vma = splitVma(mm, vma, end, false, true);
        }
        return vma;
    }

    /** mm/vma.c: vma_modify_flags. */
    Vma vmaModifyFlags(Mm mm, Vma prev, Vma vma, long start, long end, long newFlags) {
        Vmg g = Vmg.ofVma(prev, vma, start, end);
        g.flags = newFlags;
        return vmaModify(mm, g);
    }

    // ---- unmapping ---------------------------------------------------------------------------

    /** mm/vma.h: struct vma_munmap_struct. */
    static final class Vms {
        final long start;
        final long end;
        final List<Vma> detached = new ArrayList<>();
        Vma prev;
        Vma next;
        long unmapStart;
        long unmapEnd;
        long nrPages;
        long lockedVm;
        long nrAccounted;
        boolean clearPtes;

        Vms(long start, long end) {
            this.start = start;
            this.end = end;
        }
    }

    /**
     * mm/vma.c: vms_gather_munmap_vmas — splits the VMAs at both ends of [start, end) and
     * collects those inside (still in the tree), with their page counts.
     *
     * @return 0 or -ENOMEM (map_count)
     */
    int vmsGather(Mm mm, Vms vms, Vma vma) {
        if (vms.start > vma.start()) {
            if (vms.end < vma.end() && mm.mapCount() >= state.maxMapCount()) {
                return -Errno.ENOMEM;
            }
            vma = splitVma(mm, vma, vms.start, true, false);
        }
        vms.prev = mm.tree().prevOf(vms.start);
        if (vms.prev != null) {
            vms.unmapStart = vms.prev.end();
        }
        for (Vma v = vma; v != null && v.start() < vms.end; v = mm.findVmaIntersection(v.end(), vms.end)) {
            if (v.end() > vms.end) {
                v = splitVma(mm, v, vms.end, false, false);
            }
            vms.detached.add(v);
            vms.nrPages += v.pages();
            if ((v.flags() & VM_LOCKED) != 0) {
                vms.lockedVm += v.pages();
            }
            if ((v.flags() & VM_ACCOUNT) != 0) {
                vms.nrAccounted += v.pages();
            }
        }
        vms.next = mm.findVma(vms.end);
        if (vms.next != null) {
            vms.unmapEnd = vms.next.start();
        }
        vms.clearPtes = true;
        return 0;
    }

    /** The detached VMAs leave the tree (vma_iter_clear_gfp, or the overwrite by a new mapping). */
    void vmsDetach(Mm mm, Vms vms) {
        for (Vma v : vms.detached) {
            remove(mm, v);
        }
    }

    /**
     * mm/vma.c: vms_clear_ptes — unmap_vmas over the detached VMAs, then free_pgtables between
     * the neighbours, then (as free_pgtables does) unlink their anon_vmas.
     */
    void vmsClearPtes(Mm mm, Vms vms) {
        if (!vms.clearPtes) {
            return;
        }
        mm.updateHiwaterRss();
        for (Vma v : vms.detached) {
            pages.zapRange(mm, v, Math.max(v.start(), vms.start), Math.min(v.end(), vms.end));
        }
        pages.freePgtables(mm, List.copyOf(vms.detached), vms.unmapStart, vms.unmapEnd);
        for (Vma v : vms.detached) {
            if (v.hasAnonVma()) {
                pages.unlinkAnonVmas(mm, v);
            }
        }
        vms.clearPtes = false;
    }

    /**
     * mm/vma.c: vms_complete_munmap_vmas — locked_vm, the page work if not done yet, the VM
     * counters and the commit charge of the detached VMAs.
     */
    void vmsComplete(Mm mm, Vms vms) {
        addLockedVm(mm, -vms.lockedVm);
        if (vms.nrPages == 0) {
            return;
        }
        vmsClearPtes(mm, vms);
        mm.updateHiwaterVm();
        for (Vma v : vms.detached) {
            vmStatAccount(mm, v.flags(), -v.pages());
        }
        vmAcctMemory(-vms.nrAccounted);
    }

    /**
     * mm/vma.c: do_vmi_align_munmap — unmaps the page-aligned [start, end), whose first
     * overlapping VMA is {@code vma}.
     *
     * @return 0 or -ENOMEM
     */
    int doVmiAlignMunmap(Mm mm, Vma vma, long start, long end) {
        trace.enter(MmapEvents.DO_VMI_ALIGN_MUNMAP, start, end);
        Vms vms = new Vms(start, end);
        int err = vmsGather(mm, vms, vma);
        if (err == 0) {
            vmsDetach(mm, vms);
            vmsComplete(mm, vms);
        }
        trace.exit(err);
        return err;
    }

    /**
     * mm/vma.c: do_vmi_munmap — checks and page-aligns the range, then unmaps whatever overlaps
     * it (nothing is fine).
     *
     * @return 0, -EINVAL or -ENOMEM
     */
    int doVmiMunmap(Mm mm, long start, long len) {
        long taskSize = mm.taskSize();
        if (Mman.offsetInPage(start) != 0 || Long.compareUnsigned(start, taskSize) > 0
                || Long.compareUnsigned(len, taskSize - start) > 0) {
            return -Errno.EINVAL;
        }
        long end = start + Mman.pageAlign(len);
        if (end == start) {
            return -Errno.EINVAL;
        }
        Vma vma = mm.findVmaIntersection(start, end);
        if (vma == null) {
            return 0;
        }
        return doVmiAlignMunmap(mm, vma, start, end);
    }

    // ---- mapping -----------------------------------------------------------------------------

    /** mm/vma.c: accountable_mapping — private and writable, without VM_NORESERVE (no hugetlb). */
    static boolean accountableMapping(long flags) {
        return (flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
    }

    /**
     * mm/vma.c: __mmap_region — maps [addr, addr + len) with {@code flags}, replacing what is
     * there: gathers the overlapped VMAs, checks RLIMIT_AS/DATA, charges the commit for a
     * private writable mapping (less what the replaced VMAs had charged), zaps the old pages,
     * then merges with a neighbour or inserts a new VMA, and accounts it.
     *
     * @param file the file id, or -1 (anonymous; with VM_SHARED, shmem_zero_setup gives it one)
     * @return addr, or -ENOMEM
     */
    long mmapRegion(Mm mm, TaskLimits t, int file, long addr, long len, long flags, long pgoff) {
        trace.enter(MmapEvents.MMAP_REGION, addr, len, flags, pgoff);
        long r = doMmapRegion(mm, t, file, addr, len, flags, pgoff);
        trace.exit(r);
        return r;
    }

    private long doMmapRegion(Mm mm, TaskLimits t, int file, long addr, long len, long flags, long pgoff) {
        long end = addr + len;
        long pglen = pages(len);
        Vms vms = new Vms(addr, end);
        Vma first = mm.findVmaIntersection(addr, end);
        Vma prev;
        Vma next;
        if (first != null) {
            int err = vmsGather(mm, vms, first);
            if (err != 0) {
                return err;
            }
            prev = vms.prev;
            next = vms.next;
        } else {
            prev = mm.tree().prevOf(addr);
            next = mm.findVma(addr);
        }
        if (!mayExpandVm(mm, t, flags, pglen - vms.nrPages)) {
            return -Errno.ENOMEM;
        }
        if (accountableMapping(flags)) {
            long charged = pglen - vms.nrAccounted;
            if (charged != 0 && vmEnoughMemory(mm, t, charged) != 0) {
                return -Errno.ENOMEM;
            }
            vms.nrAccounted = 0;
            flags |= VM_ACCOUNT;
        }
        if (vms.nrPages != 0) {
            vmsClearPtes(mm, vms);
        }
        vmsDetach(mm, vms);
        Vma vma = null;
        if (prev != null || next != null) {
            Vmg g = Vmg.newRange(addr, end, flags, pgoff, file);
            g.prev = prev;
            g.next = next;
            vma = mergeNewRange(mm, g);
        }
        if (vma == null) {
            int f = file;
            if (f == Vma.NO_FILE && (flags & VM_SHARED) != 0) {
                f = pages.shmemZeroSetup(len);
            }
            vma = Vma.of(state.newVmaId(), addr, end, flags, pgoff, f);
            insert(mm, vma);
        }
        vmsComplete(mm, vms);
        vmStatAccount(mm, vma.flags(), pglen);
        if ((vma.flags() & VM_LOCKED) != 0) {
            if ((vma.flags() & VM_SPECIAL) != 0) {
                vma = setFlags(mm, vma, vma.flags() & ~VM_LOCKED_MASK);
            } else {
                addLockedVm(mm, pglen);
            }
        }
        if (state.memSoftDirty()) {
            setFlags(mm, vma, vma.flags() | VM_SOFTDIRTY);
        }
        return addr;
    }

    /**
     * mm/vma.c: do_brk_flags — grows the heap by [addr, addr + len): extends {@code brkVma} if
     * it ends at addr and matches, else inserts a new anonymous VMA.
     *
     * @return 0 or -ENOMEM
     */
    int doBrkFlags(Mm mm, TaskLimits t, Vma brkVma, long addr, long len, long flags) {
        flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm.defFlags();
        trace.enter(MmapEvents.DO_BRK_FLAGS, addr, len, flags);
        int r = doDoBrkFlags(mm, t, brkVma, addr, len, flags);
        trace.exit(r);
        return r;
    }

    private int doDoBrkFlags(Mm mm, TaskLimits t, Vma vma, long addr, long len, long flags) {
        long npages = pages(len);
        if (!mayExpandVm(mm, t, flags, npages) || mm.mapCount() > state.maxMapCount()
                || vmEnoughMemory(mm, t, npages) != 0) {
            return -Errno.ENOMEM;
        }
        Vma merged = null;
        if (vma != null && vma.end() == addr) {
            Vmg g = Vmg.newRange(addr, addr + len, flags, pages(addr), Vma.NO_FILE);
            g.prev = vma;
            g.justExpand = true;
            merged = mergeNewRange(mm, g);
        }
        if (merged == null) {
            merged = Vma.of(state.newVmaId(), addr, addr + len, flags, pages(addr), Vma.NO_FILE);
            insert(mm, merged);
        }
        vmStatAccount(mm, flags, npages);
        if ((flags & VM_LOCKED) != 0) {
            addLockedVm(mm, npages);
        }
        if (state.memSoftDirty()) {
            setFlags(mm, merged, merged.flags() | VM_SOFTDIRTY);
        }
        return 0;
    }

    // ---- the free-area search ----------------------------------------------------------------

    /**
     * mm/mmap.c: vm_unmapped_area — unmapped_area_topdown or unmapped_area (mm/vma.c): a free
     * range of {@code length} in [lowLimit, highLimit) (lowLimit raised to mmap_min_addr), the
     * highest or lowest, keeping stack_guard_gap below a VM_GROWSDOWN VMA above it.
     *
     * @return the address, or -ENOMEM
     */
    long vmUnmappedArea(Mm mm, boolean topdown, long length, long lowLimit, long highLimit, long alignMask,
            long alignOffset, long startGap) {
        trace.enter(MmapEvents.VM_UNMAPPED_AREA, topdown ? 1 : 0, length, lowLimit, highLimit);
        long r = topdown ? unmappedAreaTopdown(mm, length, lowLimit, highLimit, alignMask, alignOffset, startGap)
                : unmappedArea(mm, length, lowLimit, highLimit, alignMask, alignOffset, startGap);
        trace.exit(r);
        return r;
    }

    private long unmappedAreaTopdown(Mm mm, long length, long low, long high, long alignMask, long alignOffset,
            long startGap) {
        long len = length + alignMask + startGap;
        if (Long.compareUnsigned(len, length) < 0) {
            return -Errno.ENOMEM;
        }
        low = Math.max(low, state.mmapMinAddr());
        while (true) {
            long gapEnd = mm.tree().highestGap(low, high, len);
            if (gapEnd < 0) {
                return -Errno.ENOMEM;
            }
            long gap = gapEnd - length;
            gap -= (gap - alignOffset) & alignMask;
            Vma tmp = mm.findVma(gapEnd);
            if (tmp != null && (tmp.flags() & VM_STARTGAP_FLAGS) != 0) {
                if (tmp.startGap(state.stackGuardGap()) < gapEnd) {
                    high = tmp.startGap(state.stackGuardGap());
                    continue;
                }
            } else {
                tmp = mm.tree().prevOf(gapEnd);
                if (tmp != null && tmp.end() > gap) {
                    high = tmp.start();
                    continue;
                }
            }
            return gap;
        }
    }

    private long unmappedArea(Mm mm, long length, long low, long high, long alignMask, long alignOffset,
            long startGap) {
        long len = length + alignMask + startGap;
        if (Long.compareUnsigned(len, length) < 0) {
            return -Errno.ENOMEM;
        }
        low = Math.max(low, state.mmapMinAddr());
        while (true) {
            long gapStart = mm.tree().lowestGap(low, high, len);
            if (gapStart < 0) {
                return -Errno.ENOMEM;
            }
            long gap = gapStart + startGap;
            gap += (alignOffset - gap) & alignMask;
            Vma tmp = mm.findVma(gapStart);
            if (tmp != null && (tmp.flags() & VM_STARTGAP_FLAGS) != 0) {
                if (tmp.startGap(state.stackGuardGap()) < gap + len - 1) {
                    low = tmp.end();
                    continue;
                }
            } else {
                tmp = mm.tree().prevOf(gapStart);
                if (tmp != null && tmp.end() > gap) {
                    low = tmp.end();
                    continue;
                }
            }
            return gap;
        }
    }

    // ---- copies for mremap, anon_vma reuse for faults ----------------------------------------

    /** What copy_vma gives back: the copy, and the source (which a merge may have absorbed). */
    record Copied(Vma copy, Vma source) {
    }

    /**
     * mm/vma.c: copy_vma — a VMA like {@code vma} at [addr, addr + len) with {@code pgoff}
     * (the address's page for an unfaulted anonymous VMA, so that it can merge there), merged
     * into a neighbour if possible.
     *
     * @return the copy and the source, or null (the range is taken)
     */
    Copied copyVma(Mm mm, Vma vma, long addr, long len, long pgoff) {
        if (vma.isAnonymous() && !vma.hasAnonVma()) {
            pgoff = pages(addr);
        }
        trace.enter(MmapEvents.COPY_VMA, vma.id(), addr, len, pgoff);
        long vmaStart = vma.start();
        Vma clash = mm.findVma(addr);
        if (clash != null && clash.start() < addr + len) {
            trace.exit(-1);
            return null;
        }
        Vmg g = Vmg.ofVma(mm.tree().prevOf(addr), vma, addr, addr + len);
        g.middle = null;
        g.pgoff = pgoff;
        g.next = mm.findVma(addr);
        Vma copy = mergeNewRange(mm, g);
        if (copy != null) {
            if (vmaStart >= copy.start() && vmaStart < copy.end()) {
                vma = copy;
            }
        } else {
            copy = vma.withId(state.newVmaId()).withRange(addr, addr + len, pgoff);
            insert(mm, copy);
            if (vma.hasAnonVma()) {
                pages.anonVmaClone(mm, copy, vma);
            }
        }
        trace.exit(copy.id());
        return new Copied(copy, mm.vmaById(vma.id()));
    }

    /** mm/vma.c: anon_vma_compatible — adjacent, same file, flags equal but for access bits, linear offsets. */
    private static boolean anonVmaCompatible(Vma a, Vma b) {
        return a.end() == b.start() && a.file() == b.file() && ((a.flags() ^ b.flags()) & ~(VM_ACCESS_FLAGS
                | VM_SOFTDIRTY)) == 0 && b.pgoff() == a.pgoff() + pages(b.start() - a.start());
    }

    /**
     * mm/vma.c: find_mergeable_anon_vma — an anon_vma a neighbour of {@code vma} has that the
     * fault layer may reuse for it (anon_vma_prepare), so that a later mprotect can merge them
     * back: next's first, then prev's; only one made by a fault (a chain of one entry).
     *
     * @return the anon_vma id, or {@link Vma#NO_ANON_VMA}
     */
    static int findMergeableAnonVma(Mm mm, Vma vma) {
        Vma next = mm.vmaLookup(vma.end());
        if (next != null && anonVmaCompatible(vma, next) && next.hasAnonVma() && next.anonVmaChain() == 1) {
            return next.anonVma();
        }
        Vma prev = mm.tree().prev(vma);
        if (prev != null && anonVmaCompatible(prev, vma) && prev.hasAnonVma() && prev.anonVmaChain() == 1) {
            return prev.anonVma();
        }
        return Vma.NO_ANON_VMA;
    }
}
