package dev.folioscope.kernel.mmap;

import java.util.ArrayList;
import java.util.List;

/**
 * struct mm_struct: one address space, its VMAs ({@link VmaTree}) and the counters the kernel
 * keeps with them (mm-reference §6.1). Mutable, single-threaded like the simulated kernel; a copy
 * ({@link #fork()}) is O(1) because the tree is persistent and every other field is a number.
 *
 * <p>Only the operations of this package change the tree and the VM counters (they emit the
 * events that say so). The page layer sets what it owns: {@link #setPgd}, the RSS counters, the
 * page-table bytes, pinned_vm, and a VMA's anon_vma ({@link #setAnonVma}).
 *
 * <p>Layout (ASLR off, arch/x86/mm/mmap.c: arch_pick_mmap_layout with mmap_is_legacy false):
 * task_size is TASK_SIZE_MAX, {@code (1<<47) - 4096} with 4-level paging and
 * {@code (1<<56) - 4096} with 5-level; mmap_base is {@code PAGE_ALIGN(DEFAULT_MAP_WINDOW - gap)}
 * with gap = RLIMIT_STACK + stack_guard_gap clamped to [128 MiB, 5/6 of the window], which is
 * {@value #DEFAULT_MMAP_BASE_HEX} with the default 8 MiB stack limit, for both paging modes;
 * mmap_legacy_base is {@code PAGE_ALIGN(DEFAULT_MAP_WINDOW / 3)}.
 */
public final class Mm {
    public static final long DEFAULT_MAP_WINDOW = (1L << 47) - Mman.PAGE_SIZE;
    public static final long TASK_SIZE_MAX_4LEVEL = (1L << 47) - Mman.PAGE_SIZE;
    public static final long TASK_SIZE_MAX_5LEVEL = (1L << 56) - Mman.PAGE_SIZE;
    static final String DEFAULT_MMAP_BASE_HEX = "0x7ffff7fff000";
    public static final long DEFAULT_MMAP_BASE = 0x7ffff7fff000L;
    /** include/linux/mm_types_task.h: MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES. */
    public static final int MM_FILEPAGES = 0;
    public static final int MM_ANONPAGES = 1;
    public static final int MM_SWAPENTS = 2;
    public static final int MM_SHMEMPAGES = 3;
    public static final int NR_MM_COUNTERS = 4;
    private static final long SIZE_128M = 128L << 20;
    /** An Mm object with its fields, rss array included: an estimate for the memory budget. */
    private static final long MM_BYTES = 256;

    private int owner;
    private final boolean la57;
    private final long taskSize;
    private long mmapBase;
    private long mmapLegacyBase;
    private boolean topdown;
    private long pgd = -1;
    private VmaTree tree = VmaTree.EMPTY;
    private int mapCount;
    private long totalVm;
    private long lockedVm;
    private long pinnedVm;
    private long dataVm;
    private long execVm;
    private long stackVm;
    private long defFlags;
    private long hiwaterRss;
    private long hiwaterVm;
    private long pgtablesBytes;
    private final long[] rssStat;
    private long startCode;
    private long endCode;
    private long startData;
    private long endData;
    private long startBrk;
    private long brk;
    private long startStack;

    /**
     * A new, empty mm owned by {@code owner}, laid out top-down with the default 8 MiB stack
     * limit and 256-page stack_guard_gap (see the class comment).
     */
    public Mm(int owner, boolean la57) {
        this.owner = owner;
        this.la57 = la57;
        this.taskSize = la57 ? TASK_SIZE_MAX_5LEVEL : TASK_SIZE_MAX_4LEVEL;
        this.rssStat = new long[NR_MM_COUNTERS];
        pickMmapLayout(8L << 20, 256 * Mman.PAGE_SIZE, false);
    }

    private Mm(Mm o) {
        owner = o.owner;
        la57 = o.la57;
        taskSize = o.taskSize;
        mmapBase = o.mmapBase;
        mmapLegacyBase = o.mmapLegacyBase;
        topdown = o.topdown;
        pgd = o.pgd;
        tree = o.tree;
        mapCount = o.mapCount;
        totalVm = o.totalVm;
        lockedVm = o.lockedVm;
        pinnedVm = o.pinnedVm;
        dataVm = o.dataVm;
        execVm = o.execVm;
        stackVm = o.stackVm;
        defFlags = o.defFlags;
        hiwaterRss = o.hiwaterRss;
        hiwaterVm = o.hiwaterVm;
        pgtablesBytes = o.pgtablesBytes;
        rssStat = o.rssStat.clone();
        startCode = o.startCode;
        endCode = o.endCode;
        startData = o.startData;
        endData = o.endData;
        startBrk = o.startBrk;
        brk = o.brk;
        startStack = o.startStack;
    }

    /**
     * arch/x86/mm/mmap.c: arch_pick_mmap_layout without randomisation — sets mmap_base,
     * mmap_legacy_base and MMF_TOPDOWN for a stack limit of {@code rlimitStackCur} bytes.
     */
    public void pickMmapLayout(long rlimitStackCur, long stackGuardGap, boolean legacy) {
        long window = DEFAULT_MAP_WINDOW;
        long gap = rlimitStackCur;
        if (gap + stackGuardGap > gap) {
            gap += stackGuardGap;
        }
        gap = Math.min(Math.max(gap, SIZE_128M), (window / 6) * 5);
        mmapLegacyBase = Mman.pageAlign(window / 3);
        mmapBase = legacy ? mmapLegacyBase : Mman.pageAlign(window - gap);
        topdown = !legacy;
    }

    /**
     * A copy that evolves independently: the VMA tree is shared until either side changes it.
     * O(1) but for the four RSS counters.
     */
    public Mm fork() {
        return new Mm(this);
    }

    // ---- the VMA tree --------------------------------------------------------------------

    public VmaTree tree() {
        return tree;
    }

    /** The VMAs in address order. */
    public List<Vma> vmas() {
        return tree.list();
    }

    public Vma findVma(long addr) {
        return tree.findVma(addr);
    }

    public Vma vmaLookup(long addr) {
        return tree.vmaLookup(addr);
    }

    public Vma findVmaIntersection(long start, long end) {
        return tree.findIntersection(start, end);
    }

    public Vma vmaById(int id) {
        return tree.byId(id);
    }

    void link(Vma v) {
        tree = tree.insert(v);
        mapCount++;
    }

    void unlink(Vma v) {
        tree = tree.remove(v);
        mapCount--;
    }

    void replace(Vma old, Vma neu) {
        if (old.id() != neu.id()) {
            throw new IllegalArgumentException("replacing " + old + " by another VMA, " + neu);
        }
        tree = tree.replace(old, neu);
    }

    /**
     * Sets the anon_vma of VMA {@code id} (anon_vma_prepare, in the fault layer): the rest of the
     * VMA is unchanged.
     *
     * @return the VMA as it is now
     * @throws IllegalArgumentException if the mm has no such VMA
     */
    public Vma setAnonVma(int id, int anonVma, int chain) {
        Vma old = tree.byId(id);
        if (old == null) {
            throw new IllegalArgumentException("no vma #" + id + " in the mm of pid " + owner);
        }
        Vma neu = old.withAnonVma(anonVma, chain);
        replace(old, neu);
        return neu;
    }

    /**
     * fs/proc/task_mmu.c: get_vma_name for a VMA without a file: "[heap]", "[stack]",
     * "[anon:NAME]", or null. A file VMA is named by its file (the page-cache layer knows its
     * path), "[anon_shmem:NAME]" if named.
     */
    public String vmaName(Vma v) {
        if (!v.isAnonymous()) {
            return v.anonName() == null ? null : "[anon_shmem:" + v.anonName() + "]";
        }
        if (v.start() < brk && v.end() > startBrk) {
            return "[heap]";
        }
        if (v.start() <= startStack && v.end() >= startStack) {
            return "[stack]";
        }
        return v.anonName() == null ? null : "[anon:" + v.anonName() + "]";
    }

    /** The VMAs as "start-end perms" lines (hex addresses, no 0x), as the tests compare them. */
    public List<String> layout() {
        List<String> out = new ArrayList<>();
        tree.forEach(v -> out.add(v.describe()));
        return out;
    }

    // ---- counters ----------------------------------------------------------------------------

    /** mm/mmap.c: vm_stat_account — total_vm and the exec, stack or data counter. */
    void vmStatAccount(long flags, long npages) {
        totalVm += npages;
        if (VmFlags.isExecMapping(flags)) {
            execVm += npages;
        } else if (VmFlags.isStackMapping(flags)) {
            stackVm += npages;
        } else if (VmFlags.isDataMapping(flags)) {
            dataVm += npages;
        }
    }

    void addLockedVm(long delta) {
        lockedVm += delta;
    }

    void setHiwaterVm(long pages) {
        hiwaterVm = pages;
    }

    void setHiwaterRss(long pages) {
        hiwaterRss = pages;
    }

    /**
     * kernel/fork.c: dup_mm's memcpy then mm_init — a copy of this mm for the child
     * {@code pid}, with no VMAs, no page tables, no RSS, no locked or pinned pages, and only
     * VM_NOHUGEPAGE left in def_flags; dup_mmap fills it.
     */
    Mm emptyCopyFor(int pid) {
        Mm c = new Mm(this);
        c.owner = pid;
        c.tree = VmaTree.EMPTY;
        c.mapCount = 0;
        c.lockedVm = 0;
        c.pinnedVm = 0;
        c.pgtablesBytes = 0;
        java.util.Arrays.fill(c.rssStat, 0);
        c.defFlags = defFlags & VmFlags.VM_INIT_DEF_MASK;
        c.pgd = -1;
        return c;
    }

    /** update_hiwater_vm. */
    void updateHiwaterVm() {
        hiwaterVm = Math.max(hiwaterVm, totalVm);
    }

    /** update_hiwater_rss. */
    public void updateHiwaterRss() {
        hiwaterRss = Math.max(hiwaterRss, rss());
    }

    /** get_mm_rss: file + anon + shmem pages. */
    public long rss() {
        return rssStat[MM_FILEPAGES] + rssStat[MM_ANONPAGES] + rssStat[MM_SHMEMPAGES];
    }

    public long rssStat(int counter) {
        return rssStat[counter];
    }

    /** add_mm_counter, for the page layer. */
    public void addRss(int counter, long delta) {
        rssStat[counter] += delta;
    }

    // ---- accessors ---------------------------------------------------------------------------

    /** The pid of the task that owns this mm (mm->owner). */
    public int owner() {
        return owner;
    }

    public void setOwner(int owner) {
        this.owner = owner;
    }

    /** Whether this mm uses 5-level paging (LA57). */
    public boolean la57() {
        return la57;
    }

    public long taskSize() {
        return taskSize;
    }

    public long mmapBase() {
        return mmapBase;
    }

    public long mmapLegacyBase() {
        return mmapLegacyBase;
    }

    /** MMF_TOPDOWN. */
    public boolean topdown() {
        return topdown;
    }

    /** The pfn of the PGD page, -1 until the page-table layer sets it. */
    public long pgd() {
        return pgd;
    }

    public void setPgd(long pfn) {
        this.pgd = pfn;
    }

    public int mapCount() {
        return mapCount;
    }

    public long totalVm() {
        return totalVm;
    }

    public long lockedVm() {
        return lockedVm;
    }

    public long pinnedVm() {
        return pinnedVm;
    }

    public void setPinnedVm(long pinnedVm) {
        this.pinnedVm = pinnedVm;
    }

    public long dataVm() {
        return dataVm;
    }

    public long execVm() {
        return execVm;
    }

    public long stackVm() {
        return stackVm;
    }

    public long defFlags() {
        return defFlags;
    }

    public void setDefFlags(long defFlags) {
        this.defFlags = defFlags;
    }

    public long hiwaterRss() {
        return hiwaterRss;
    }

    public long hiwaterVm() {
        return hiwaterVm;
    }

    public long pgtablesBytes() {
        return pgtablesBytes;
    }

    /** mm_inc_nr_ptes and friends, for the page-table layer. */
    public void addPgtablesBytes(long delta) {
        pgtablesBytes += delta;
    }

    public long startCode() {
        return startCode;
    }

    public long endCode() {
        return endCode;
    }

    public long startData() {
        return startData;
    }

    public long endData() {
        return endData;
    }

    /** Sets start_code, end_code, start_data and end_data, as an ELF loader would. */
    public void setCodeAndData(long startCode, long endCode, long startData, long endData) {
        this.startCode = startCode;
        this.endCode = endCode;
        this.startData = startData;
        this.endData = endData;
    }

    public long startBrk() {
        return startBrk;
    }

    public long brk() {
        return brk;
    }

    void setBrk(long brk) {
        this.brk = brk;
    }

    void setStartBrk(long startBrk) {
        this.startBrk = startBrk;
    }

    public long startStack() {
        return startStack;
    }

    void setStartStack(long startStack) {
        this.startStack = startStack;
    }

    /**
     * Folds every field and every VMA, in address order, into {@code h}; equal mms digest
     * equally.
     */
    public long digest(long h) {
        long[] f = {owner, la57 ? 1 : 0, taskSize, mmapBase, mmapLegacyBase, topdown ? 1 : 0, pgd, mapCount, totalVm,
            lockedVm, pinnedVm, dataVm, execVm, stackVm, defFlags, hiwaterRss, hiwaterVm, pgtablesBytes, rssStat[0],
            rssStat[1], rssStat[2], rssStat[3], startCode, endCode, startData, endData, startBrk, brk, startStack};
        for (long v : f) {
            h = Vma.mix(h, v);
        }
        return tree.digest(h);
    }

    /**
     * Bytes this mm holds that {@code older}, an earlier copy of it, does not share: its own
     * fields plus the tree nodes that changed (see {@link VmaTree#bytesNotIn}); all of them when
     * older is null.
     */
    public long bytesNotIn(Mm older) {
        return MM_BYTES + tree.bytesNotIn(older == null ? null : older.tree);
    }

    @Override
    public String toString() {
        return "mm of pid " + owner + " (" + mapCount + " VMAs, total_vm " + totalVm + ")";
    }
}
