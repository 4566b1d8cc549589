package dev.folioscope.kernel.mmap;

import dev.folioscope.kernel.base.KernelState;
/**
 * The machine-wide state of the VMA layer: vm_committed_as (the pages charged by
 * __vm_enough_memory, /proc/meminfo's Committed_AS), the counter that numbers VMAs, and the
 * sysctls and Kconfig choices the VMA code reads. One per kernel; copied with it ({@link #fork()}).
 *
 * <p>Defaults are Linux 6.18's: vm.overcommit_memory 0 (OVERCOMMIT_GUESS), overcommit_ratio 50,
 * overcommit_kbytes 0, user_reserve_kbytes 131072, admin_reserve_kbytes 8192 (mm/util.c),
 * max_map_count 65530 (DEFAULT_MAX_MAP_COUNT), stack_guard_gap 256 pages (mm/mmap.c),
 * mmap_min_addr 65536 (the value x86 distributions set; Kconfig's default is 4096), THP compiled
 * in (it aligns anonymous mappings of a multiple of 2 MiB), CONFIG_MEM_SOFT_DIRTY off (as on the
 * conformance machine).
 */
public final class MmapState implements KernelState<MmapState> {
    /** Bytes of this object: an estimate for the memory budget. */
    private static final long BYTES = 96;

    private int lastVmaId;
    private long committedAs;
    private int overcommitMemory = Mman.OVERCOMMIT_GUESS;
    private int overcommitRatio = 50;
    private long overcommitKbytes;
    private long userReserveKbytes = 1L << 17;
    private long adminReserveKbytes = 1L << 13;
    private int maxMapCount = 65535 - 5;
    private long mmapMinAddr = 65536;
    private long stackGuardGap = 256 * Mman.PAGE_SIZE;
    private boolean thpCompiled = true;
    private boolean memSoftDirty;

    public MmapState() {
    }

    private MmapState(MmapState o) {
        lastVmaId = o.lastVmaId;
        committedAs = o.committedAs;
        overcommitMemory = o.overcommitMemory;
        overcommitRatio = o.overcommitRatio;
        overcommitKbytes = o.overcommitKbytes;
        userReserveKbytes = o.userReserveKbytes;
        adminReserveKbytes = o.adminReserveKbytes;
        maxMapCount = o.maxMapCount;
        mmapMinAddr = o.mmapMinAddr;
        stackGuardGap = o.stackGuardGap;
        thpCompiled = o.thpCompiled;
        memSoftDirty = o.memSoftDirty;
    }

    /** An independent copy. O(1). */
    @Override
    public MmapState fork() {
        return new MmapState(this);
    }

    /** The next VMA id: 1, 2, 3... in creation order, never reused. */
    public int newVmaId() {
        return ++lastVmaId;
    }

    /** The id given last (0 before the first VMA). */
    public int lastVmaId() {
        return lastVmaId;
    }

    /** vm_committed_as, in pages (percpu_counter_sum_positive reads it as at least 0). */
    public long committedAs() {
        return Math.max(0, committedAs);
    }

    /** The counter itself, which a refused charge can leave briefly below 0. */
    long rawCommittedAs() {
        return committedAs;
    }

    void addCommitted(long pages) {
        committedAs += pages;
    }

    public int overcommitMemory() {
        return overcommitMemory;
    }

    /** vm.overcommit_memory: 0 guess, 1 always, 2 never. */
    public void setOvercommitMemory(int mode) {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("vm.overcommit_memory is 0, 1 or 2, not " + mode);
        }
        overcommitMemory = mode;
    }

    public int overcommitRatio() {
        return overcommitRatio;
    }

    /** vm.overcommit_ratio; as overcommit_ratio_handler, writing it clears overcommit_kbytes. */
    public void setOvercommitRatio(int ratio) {
        overcommitRatio = ratio;
        overcommitKbytes = 0;
    }

    public long overcommitKbytes() {
        return overcommitKbytes;
    }

    /** vm.overcommit_kbytes; as overcommit_kbytes_handler, writing it clears overcommit_ratio. */
    public void setOvercommitKbytes(long kbytes) {
        overcommitKbytes = kbytes;
        overcommitRatio = 0;
    }

    public long userReserveKbytes() {
        return userReserveKbytes;
    }

    public void setUserReserveKbytes(long kbytes) {
        userReserveKbytes = kbytes;
    }

    public long adminReserveKbytes() {
        return adminReserveKbytes;
    }

    public void setAdminReserveKbytes(long kbytes) {
        adminReserveKbytes = kbytes;
    }

    /** vm.max_map_count. */
    public int maxMapCount() {
        return maxMapCount;
    }

    public void setMaxMapCount(int n) {
        maxMapCount = n;
    }

    /** vm.mmap_min_addr, in bytes. */
    public long mmapMinAddr() {
        return mmapMinAddr;
    }

    public void setMmapMinAddr(long addr) {
        mmapMinAddr = addr;
    }

    /** stack_guard_gap, in bytes (the stack_guard_gap= boot parameter, in pages, times 4096). */
    public long stackGuardGap() {
        return stackGuardGap;
    }

    public void setStackGuardGap(long bytes) {
        stackGuardGap = bytes;
    }

    /** CONFIG_TRANSPARENT_HUGEPAGE: 2 MiB-multiple anonymous mappings are PMD aligned. */
    public boolean thpCompiled() {
        return thpCompiled;
    }

    public void setThpCompiled(boolean on) {
        thpCompiled = on;
    }

    /** CONFIG_MEM_SOFT_DIRTY: new and grown VMAs get VM_SOFTDIRTY. */
    public boolean memSoftDirty() {
        return memSoftDirty;
    }

    public void setMemSoftDirty(boolean on) {
        memSoftDirty = on;
    }

    /** Folds every field into {@code h}. */
    /**
     * mm/util.c: vm_commit_limit — the OVERCOMMIT_NEVER limit in pages (CommitLimit in
     * /proc/meminfo): overcommit_kbytes if set, else overcommit_ratio percent of RAM, plus swap.
     */
    public long commitLimit(long totalramPages, long totalSwapPages) {
        long allowed = overcommitKbytes() != 0 ? overcommitKbytes() >> (Mman.PAGE_SHIFT - 10)
                : totalramPages * overcommitRatio() / 100;
        return allowed + totalSwapPages;
    }

    @Override
    public long digest(long h) {
        long[] f = {lastVmaId, committedAs, overcommitMemory, overcommitRatio, overcommitKbytes, userReserveKbytes,
            adminReserveKbytes, maxMapCount, mmapMinAddr, stackGuardGap, thpCompiled ? 1 : 0, memSoftDirty ? 1 : 0};
        for (long v : f) {
            h = Vma.mix(h, v);
        }
        return h;
    }

    /** Bytes this copy holds apart from {@code older}: the whole (small) object either way. */
    @Override
    public long bytesNotIn(MmapState older) {
        return BYTES;
    }
}
