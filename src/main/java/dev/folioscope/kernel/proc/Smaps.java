package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;

/**
 * The memory counters of a VMA as /proc/PID/smaps prints them (fs/proc/task_mmu.c:
 * smaps_pte_entry → smaps_account), in bytes. Pss is kept as the kernel keeps it, shifted left
 * by PSS_SHIFT and divided per page, so that its rounding is the kernel's.
 */
public final class Smaps {
    private static final int PSS_SHIFT = 12;
    private static final long PAGE_SIZE = 4096;

    /** struct mem_size_stats, the fields the model fills. */
    public record Stats(long resident, long pss, long sharedClean, long sharedDirty, long privateClean,
            long privateDirty, long referenced, long anonymous, long swap, long anonHugePages, long pssLocked) {
        /** Pss in bytes. */
        public long pssBytes() {
            return pss >> PSS_SHIFT;
        }

        /** Locked in bytes. */
        public long lockedBytes() {
            return pssLocked >> PSS_SHIFT;
        }
    }

    private Smaps() {
    }

    /** smap_gather_stats for one VMA. */
    public static Stats of(Kernel k, Mm mm, Vma vma) {
        long[] s = new long[11];
        MemMap mem = k.mem();
        boolean locked = (vma.flags() & VmFlags.VM_LOCKED) != 0;
        new PageTables(k.pgtables(), false, null).forEachPte((int) mm.pgd(), vma.start(), vma.end(),
                (addr, slot, pte) -> {
                    if (!Pte.isPresent(pte) || Pte.special(pte)) {
                        return;
                    }
                    int pfn = (int) Pte.pfn(pte);
                    boolean young = Pte.young(pte) || mem.test(pfn, PageFlag.PG_referenced);
                    boolean dirty = Pte.dirty(pte) || mem.test(pfn, PageFlag.PG_dirty);
                    account(s, mem, pfn, young, dirty, locked);
                });
        return new Stats(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
    }

    /** smaps_account for one order-0 page. */
    private static void account(long[] s, MemMap mem, int pfn, boolean young, boolean dirty, boolean locked) {
        if (mem.isAnon(pfn)) {
            s[7] += PAGE_SIZE;
        }
        s[0] += PAGE_SIZE;
        if (young) {
            s[6] += PAGE_SIZE;
        }
        int mapcount = Math.max(1, mem.mapcount(pfn));
        long pss = (PAGE_SIZE << PSS_SHIFT) / mapcount;
        if (mapcount >= 2) {
            s[dirty ? 3 : 2] += PAGE_SIZE;
        } else {
            s[dirty ? 5 : 4] += PAGE_SIZE;
        }
        s[1] += pss;
        if (locked) {
            s[10] += pss;
        }
    }
}
