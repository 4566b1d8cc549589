package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;

/**
 * /proc/PID/pagemap (fs/proc/task_mmu.c: pte_to_pagemap_entry): one 64-bit entry per virtual
 * page, read by root (so with pfns).
 */
public final class Pagemap {
    public static final long PM_PRESENT = 1L << 63;
    public static final long PM_SWAP = 1L << 62;
    public static final long PM_FILE = 1L << 61;
    public static final long PM_MMAP_EXCLUSIVE = 1L << 56;
    public static final long PM_SOFT_DIRTY = 1L << 55;
    public static final long PM_PFRAME_MASK = (1L << 55) - 1;

    private Pagemap() {
    }

    /** The entry of the page at {@code addr} in {@code mm}. */
    public static long entry(Kernel k, Mm mm, long addr) {
        PageTables.Walk walk = new PageTables(k.pgtables(), mm.la57(), null).walk((int) mm.pgd(), addr);
        if (walk.pte() == null) {
            return 0;
        }
        long pte = k.pgtables().get(walk.pte().table(), walk.pte().index());
        if (Pte.isPresent(pte)) {
            long pfn = Pte.pfn(pte);
            long e = PM_PRESENT | pfn;
            if (Pte.softDirty(pte)) {
                e |= PM_SOFT_DIRTY;
            }
            boolean normal = !Pte.special(pte);
            if (normal && !k.mem().isAnon((int) pfn)) {
                e |= PM_FILE;
            }
            if (normal && k.mem().mapcount((int) pfn) == 1) {
                e |= PM_MMAP_EXCLUSIVE;
            }
            return e;
        }
        if (Pte.isSwap(pte)) {
            return PM_SWAP | (Pte.swpOffset(pte) << 5 | Pte.swpType(pte));
        }
        return 0;
    }

    /**
     * The per-page listing of a process: for every page of every VMA that is present or swapped,
     * its address, its pagemap bits and, for a present page, its pfn with /proc/kpagecount and
     * /proc/kpageflags, as the conformance kit prints them (with the raw pfn for the frame).
     */
    public static String listing(Kernel k, Mm mm) {
        StringBuilder sb = new StringBuilder();
        for (var v : mm.vmas()) {
            for (long addr = v.start(); addr < v.end(); addr += 4096) {
                long e = entry(k, mm, addr);
                if ((e & (PM_PRESENT | PM_SWAP)) != 0) {
                    sb.append(String.format(java.util.Locale.ROOT, "%012x", addr))
                            .append(Kstate.pageLine(k, e, "pfn=0x" + Long.toHexString(e & PM_PFRAME_MASK))).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
