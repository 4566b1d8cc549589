package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.swap.SwapInfo;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import java.util.List;
import java.util.Locale;

/**
 * /proc/PID/smaps and /proc/PID/smaps_rollup (fs/proc/task_mmu.c: show_smap,
 * show_smaps_rollup): the memory counters of each VMA, or of all of them, gathered by a walk of
 * the VMA's PTEs (smap_gather_stats → smaps_pte_entry → smaps_account), in a 6.18 kernel's text
 * layout: a label padded to 16 columns, the number in kB right-aligned in eight.
 *
 * <p>Where the model prints 0 or leaves a line out, and why:
 * <ul>
 *   <li>KSM, AnonHugePages, ShmemPmdMapped, FilePmdMapped and the hugetlb lines: folios are
 *       order-0, and there is no KSM or hugetlbfs; KernelPageSize and MMUPageSize are 4 kB.
 *   <li>THPeligible: as far as the model's VMAs need (see thpEligible); file and shmem VMAs
 *       print 0.
 *   <li>No ProtectionKey line: the development machine's CPU has no protection keys
 *       (arch_pkeys_enabled() is false), and its smaps has no such line either.
 * </ul>
 */
public final class Smaps {
    private static final int PSS_SHIFT = 12;
    private static final long PAGE_SIZE = Mman.PAGE_SIZE;

    /**
     * struct mem_size_stats: sizes in bytes; the pss fields are kept shifted left by PSS_SHIFT
     * and divided per page, as the kernel keeps them, so that their rounding is the kernel's.
     * Only {@link Smaps} fills one in. The KSM, THP and hugetlb fields stay 0 (see the
     * class comment) but are kept, so that the struct and the printed lines match one for one.
     */
    public static final class Stats {
        /** A VMA with nothing mapped (or an mm without page tables yet). */
        public static final Stats NONE = new Stats();

        private long resident;
        private long sharedClean;
        private long sharedDirty;
        private long privateClean;
        private long privateDirty;
        private long referenced;
        private long anonymous;
        private long lazyfree;
        private long anonymousThp;
        private long shmemThp;
        private long fileThp;
        private long swap;
        private long sharedHugetlb;
        private long privateHugetlb;
        private long ksm;
        private long pss;
        private long pssAnon;
        private long pssFile;
        private long pssShmem;
        private long pssDirty;
        private long pssLocked;
        private long swapPss;

        private Stats() {
        }

        public long resident() {
            return resident;
        }

        /** Pss in bytes. */
        public long pssBytes() {
            return pss >> PSS_SHIFT;
        }

        public long sharedClean() {
            return sharedClean;
        }

        public long sharedDirty() {
            return sharedDirty;
        }

        public long privateClean() {
            return privateClean;
        }

        public long privateDirty() {
            return privateDirty;
        }

        public long referenced() {
            return referenced;
        }

        public long anonymous() {
            return anonymous;
        }

        public long anonHugePages() {
            return anonymousThp;
        }

        public long swap() {
            return swap;
        }

        /** Locked in bytes: the Pss of the pages of VM_LOCKED VMAs. */
        public long lockedBytes() {
            return pssLocked >> PSS_SHIFT;
        }

        /**
         * smaps_pte_entry: a present PTE is accounted if vm_normal_page finds a page for it
         * (not for the zero page, whose PTE is special); a swap PTE counts a page of Swap, and of
         * SwapPss divided among the swap PTEs naming its slot (swp_swapcount).
         */
        private void pteEntry(MemMap mem, SwapInfo si, long pte, boolean locked) {
            if (Pte.isPresent(pte) && !Pte.special(pte)) {
                account(mem, (int) Pte.pfn(pte), Pte.young(pte), Pte.dirty(pte), locked);
            } else if (Pte.isSwap(pte) && !Pte.isProtnone(pte)) {
                swap += PAGE_SIZE;
                int mapcount = si.swapCount((int) Pte.swpOffset(pte));
                long pssDelta = PAGE_SIZE << PSS_SHIFT;
                swapPss += mapcount >= 2 ? pssDelta / mapcount : pssDelta;
            }
        }

        /**
         * smaps_account for an order-0 folio mapped by a present PTE. With CONFIG_PAGE_MAPCOUNT
         * the page's own mapcount decides what is shared; the refcount-1 shortcut the kernel
         * takes first gives the same answer for an order-0 folio.
         */
        private void account(MemMap mem, int pfn, boolean young, boolean dirty, boolean locked) {
            if (mem.isAnon(pfn)) {
                anonymous += PAGE_SIZE;
                // MADV_FREE's lru_lazyfree took PG_swapbacked; written since, it is no longer lazily freeable
                if (!mem.test(pfn, PageFlag.PG_swapbacked) && !dirty && !mem.test(pfn, PageFlag.PG_dirty)) {
                    lazyfree += PAGE_SIZE;
                }
            }
            resident += PAGE_SIZE;
            if (young || mem.test(pfn, PageFlag.PG_young) || mem.test(pfn, PageFlag.PG_referenced)) {
                referenced += PAGE_SIZE;
            }
            int mapcount = mem.mapcount(pfn);
            long pssDelta = PAGE_SIZE << PSS_SHIFT;
            if (mapcount >= 2) {
                pssDelta /= mapcount;
            }
            pageAccumulate(mem, pfn, pssDelta, dirty, locked, mapcount < 2);
        }

        /** smaps_page_accumulate for one page: anonymous, else shmem (swap-backed), else file. */
        private void pageAccumulate(MemMap mem, int pfn, long pssDelta, boolean dirty, boolean locked,
                boolean exclusive) {
            pss += pssDelta;
            if (mem.isAnon(pfn)) {
                pssAnon += pssDelta;
            } else if (mem.test(pfn, PageFlag.PG_swapbacked)) {
                pssShmem += pssDelta;
            } else {
                pssFile += pssDelta;
            }
            if (locked) {
                pssLocked += pssDelta;
            }
            if (dirty || mem.test(pfn, PageFlag.PG_dirty)) {
                pssDirty += pssDelta;
                if (exclusive) {
                    privateDirty += PAGE_SIZE;
                } else {
                    sharedDirty += PAGE_SIZE;
                }
            } else if (exclusive) {
                privateClean += PAGE_SIZE;
            } else {
                sharedClean += PAGE_SIZE;
            }
        }
    }

    private Smaps() {
    }

    /** smap_gather_stats for one VMA. Context: {@code mm} has its page-table root. */
    public static Stats of(Kernel k, Mm mm, Vma vma) {
        Stats s = new Stats();
        gather(k, mm, vma, s);
        return s;
    }

    /** /proc/PID/smaps: show_smap for every VMA, in address order. */
    public static String render(Kernel k, Mm mm) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : mm.vmas()) {
            showSmap(sb, k, mm, v);
        }
        return sb.toString();
    }

    /**
     * /proc/PID/smaps_rollup: show_smaps_rollup — every VMA's counters summed under one header
     * from the first VMA's start to the last one's end (0-0 without VMAs), with the Pss split
     * into anonymous, file and shmem.
     */
    public static String renderRollup(Kernel k, Mm mm) {
        Stats s = new Stats();
        List<Vma> vmas = mm.vmas();
        for (Vma v : vmas) {
            gather(k, mm, v, s);
        }
        long start = vmas.isEmpty() ? 0 : vmas.getFirst().start();
        long end = vmas.isEmpty() ? 0 : vmas.getLast().end();
        StringBuilder sb = new StringBuilder(Maps.named(Maps.headerPrefix(start, end, 0, 0, "00:00", 0), "[rollup]")).append('\n');
        showCounters(sb, s, true);
        return sb.toString();
    }

    /** smap_gather_stats: adds {@code vma}'s pages to {@code s} (walk_page_vma with smaps_walk_ops). */
    private static void gather(Kernel k, Mm mm, Vma vma, Stats s) {
        MemMap mem = k.mem();
        boolean locked = (vma.flags() & VmFlags.VM_LOCKED) != 0;
        new PageTables(k.pgtables(), mm.la57(), null).forEachPte((int) mm.pgd(), vma.start(), vma.end(),
                (addr, slot, pte) -> s.pteEntry(mem, k.swapInfo(), pte, locked));
    }

    /** show_smap: the maps line, the sizes, the counters, THPeligible and VmFlags. */
    private static void showSmap(StringBuilder sb, Kernel k, Mm mm, Vma v) {
        Stats s = of(k, mm, v);
        sb.append(Maps.line(k, mm, v)).append('\n');
        dec(sb, "Size:           ", v.end() - v.start());
        // vma_kernel_pagesize, vma_mmu_pagesize: the base page size, as for every VMA but hugetlb's
        dec(sb, "KernelPageSize: ", PAGE_SIZE);
        dec(sb, "MMUPageSize:    ", PAGE_SIZE);
        showCounters(sb, s, false);
        sb.append("THPeligible:    ").append(String.format(Locale.ROOT, "%8d", thpEligible(k, v) ? 1 : 0)).append('\n');
        sb.append(VmFlags.smapsLine(v.flags())).append('\n');
    }

    /** __show_smap: the lines smaps and smaps_rollup share; Pss_Anon, _File and _Shmem only in the rollup. */
    private static void showCounters(StringBuilder sb, Stats s, boolean rollup) {
        dec(sb, "Rss:            ", s.resident);
        dec(sb, "Pss:            ", s.pss >> PSS_SHIFT);
        dec(sb, "Pss_Dirty:      ", s.pssDirty >> PSS_SHIFT);
        if (rollup) {
            dec(sb, "Pss_Anon:       ", s.pssAnon >> PSS_SHIFT);
            dec(sb, "Pss_File:       ", s.pssFile >> PSS_SHIFT);
            dec(sb, "Pss_Shmem:      ", s.pssShmem >> PSS_SHIFT);
        }
        dec(sb, "Shared_Clean:   ", s.sharedClean);
        dec(sb, "Shared_Dirty:   ", s.sharedDirty);
        dec(sb, "Private_Clean:  ", s.privateClean);
        dec(sb, "Private_Dirty:  ", s.privateDirty);
        dec(sb, "Referenced:     ", s.referenced);
        dec(sb, "Anonymous:      ", s.anonymous);
        dec(sb, "KSM:            ", s.ksm);
        dec(sb, "LazyFree:       ", s.lazyfree);
        dec(sb, "AnonHugePages:  ", s.anonymousThp);
        dec(sb, "ShmemPmdMapped: ", s.shmemThp);
        dec(sb, "FilePmdMapped:  ", s.fileThp);
        dec(sb, "Shared_Hugetlb: ", s.sharedHugetlb);
        // the one label a column longer: the kernel narrows its number to seven columns
        dec(sb, "Private_Hugetlb: ", s.privateHugetlb, 7);
        dec(sb, "Swap:           ", s.swap);
        dec(sb, "SwapPss:        ", s.swapPss >> PSS_SHIFT);
        dec(sb, "Locked:         ", s.pssLocked >> PSS_SHIFT);
    }

    /** SEQ_PUT_DEC: {@code label}, then {@code bytes} in kB right-aligned in eight columns, then " kB". */
    private static void dec(StringBuilder sb, String label, long bytes) {
        dec(sb, label, bytes, 8);
    }

    /** seq_put_decimal_ull_width of {@code bytes} in kB, then " kB". */
    private static void dec(StringBuilder sb, String label, long bytes, int width) {
        sb.append(label).append(String.format(Locale.ROOT, "%" + width + "d", bytes >> 10)).append(" kB\n");
    }

    /**
     * THPeligible: whether thp_vma_allowable_orders(vma, vm_flags, TVA_SMAPS, THP_ORDERS_ALL)
     * leaves any order (include/linux/huge_mm.h, mm/huge_memory.c: __thp_vma_allowable_orders),
     * as far as the model's VMAs need. With the per-size controls at their defaults only the PMD
     * order inherits the global mode, so an anonymous VMA qualifies when the mode is always, or
     * madvise and the VMA has VM_HUGEPAGE; never with VM_NOHUGEPAGE (vma_thp_disabled; no prctl
     * disables THP here); and only if a 2 MiB-aligned range fits in it (thp_vma_suitable_order
     * at vm_end - HPAGE_PMD_SIZE). Without THP compiled in, never. A file or shmem VMA prints 0:
     * file_thp_enabled (CONFIG_READ_ONLY_THP_FOR_FS) and shmem's huge= settings are not modelled,
     * and at their defaults (shmem_enabled never) a shmem VMA is not eligible either.
     */
    private static boolean thpEligible(Kernel k, Vma v) {
        long flags = v.flags();
        ThpMode mode = k.config().thp();
        boolean inherits = mode == ThpMode.ALWAYS || mode == ThpMode.MADVISE && (flags & VmFlags.VM_HUGEPAGE) != 0;
        if (!k.mmapState().thpCompiled() || !v.isAnonymous() || !inherits || (flags & VmFlags.VM_NOHUGEPAGE) != 0) {
            return false;
        }
        long haddr = (v.end() - Mman.PMD_SIZE) & -Mman.PMD_SIZE;
        return haddr >= v.start();
    }
}
