package dev.folioscope.kernel.mmap;

import java.util.ArrayList;
import java.util.List;

/**
 * A page layer for tests: records every call as a line of text, hands out anon_vma and shmem
 * ids, and faults nothing in (populate reports every page done).
 */
final class FakePageOps implements PageRangeOps {
    final List<String> calls = new ArrayList<>();
    long totalram = 1L << 20;
    long totalSwap = 0;
    int nextAnonVma = 100;
    int nextShmem = 1000;
    /** What populate returns instead of the page count, when set. */
    Long populateResult;
    /** How many bytes movePageTables claims to move, when set. */
    Long moveResult;

    @Override
    public long totalramPages() {
        return totalram;
    }

    @Override
    public long totalSwapPages() {
        return totalSwap;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Override
    public void zapRange(Mm mm, Vma vma, long start, long end) {
        calls.add("zap #" + vma.id() + " " + hex(start) + "-" + hex(end));
    }

    @Override
    public void freePgtables(Mm mm, List<Vma> vmas, long floor, long ceiling) {
        calls.add("free_pgtables " + vmas.size() + " floor " + hex(floor) + " ceiling " + hex(ceiling));
    }

    @Override
    public void changeProtection(Mm mm, Vma vma, long start, long end) {
        calls.add("change_protection #" + vma.id() + " " + hex(start) + "-" + hex(end) + " "
                + VmFlags.perms(vma.flags()));
    }

    @Override
    public long movePageTables(Mm mm, Vma oldVma, long oldAddr, Vma newVma, long newAddr, long len) {
        calls.add("move_page_tables #" + oldVma.id() + " " + hex(oldAddr) + " -> #" + newVma.id() + " " + hex(newAddr)
                + " " + len);
        return moveResult != null ? moveResult : len;
    }

    @Override
    public long populate(Mm mm, Vma vma, long start, long end, boolean write) {
        calls.add("populate #" + vma.id() + " " + hex(start) + "-" + hex(end) + (write ? " write" : " read"));
        return populateResult != null ? populateResult : (end - start) >>> 12;
    }

    @Override
    public void mlockRange(Mm mm, Vma vma, long start, long end) {
        calls.add(((vma.flags() & VmFlags.VM_LOCKED) != 0 ? "mlock #" : "munlock #") + vma.id() + " " + hex(start) + "-"
                + hex(end));
    }

    @Override
    public int madvise(Mm mm, Vma vma, long start, long end, int behavior) {
        calls.add(Mman.madviseName(behavior) + " #" + vma.id() + " " + hex(start) + "-" + hex(end));
        return 0;
    }

    @Override
    public int shmemZeroSetup(long size) {
        calls.add("shmem_zero_setup " + size);
        return nextShmem++;
    }

    @Override
    public void anonVmaClone(Mm mm, Vma dst, Vma src) {
        calls.add("anon_vma_clone #" + dst.id() + " from #" + src.id());
    }

    @Override
    public void unlinkAnonVmas(Mm mm, Vma vma) {
        calls.add("unlink_anon_vmas #" + vma.id());
    }

    @Override
    public int pgdAlloc(Mm mm) {
        return 0;
    }

    @Override
    public void pgdFree(Mm mm) {
    }

    @Override
    public Vma anonVmaFork(Mm child, Vma childVma, Mm parent, Vma parentVma) {
        calls.add("anon_vma_fork #" + childVma.id() + " from #" + parentVma.id());
        return childVma.withAnonVma(nextAnonVma++, parentVma.anonVmaChain() + 1);
    }

    @Override
    public int copyPageRange(Mm child, Vma dst, Mm parent, Vma src) {
        calls.add("copy_page_range #" + dst.id() + " from #" + src.id());
        return 0;
    }

    /** The calls recorded since the last clear, and clears them. */
    List<String> take() {
        List<String> out = List.copyOf(calls);
        calls.clear();
        return out;
    }
}
