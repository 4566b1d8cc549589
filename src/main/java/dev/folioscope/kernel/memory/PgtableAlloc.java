package dev.folioscope.kernel.memory;

import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageType;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.pgtable.PageTableLevel;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.trace.MemoryEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * Page-table pages of one mm come from the page allocator (pagetable_alloc with
 * GFP_PGTABLE_USER) and go back to it: each is typed PageTable and counted in NR_PAGETABLE
 * (meminfo PageTables), and PUD, PMD and PTE tables in the mm's pgtables_bytes (VmPTE), as
 * mm_inc_nr_puds/pmds/ptes do; the PGD and a P4D are not in pgtables_bytes.
 */
final class PgtableAlloc implements PageTables.TableAllocator {
    /** include/asm-generic/pgalloc.h: GFP_PGTABLE_USER. */
    static final int GFP_PGTABLE_USER = Gfp.GFP_KERNEL_ACCOUNT | Gfp.__GFP_ZERO;
    private static final long PAGE_SIZE = 4096;

    private final MemMap mem;
    private final PglistData node;
    private final PageAlloc pageAlloc;
    private final Trace trace;
    private final Mm mm;

    PgtableAlloc(MemMap mem, PglistData node, PageAlloc pageAlloc, Trace trace, Mm mm) {
        this.mem = mem;
        this.node = node;
        this.pageAlloc = pageAlloc;
        this.trace = trace;
        this.mm = mm;
    }

    @Override
    public int allocTable(PageTableLevel level) {
        int pfn = pageAlloc.allocPages(GFP_PGTABLE_USER, 0);
        if (pfn < 0) {
            return -1;
        }
        mem.setPageType(pfn, PageType.TABLE.word());
        node.modStat(NodeStat.NR_PAGETABLE, 1);
        if (countsInVmPte(level)) {
            mm.addPgtablesBytes(PAGE_SIZE);
        }
        trace.point(MemoryEvents.PAGETABLE_ALLOC, mm.owner(), level.ordinal(), pfn);
        return pfn;
    }

    @Override
    public void freeTable(int pfn, PageTableLevel level) {
        mem.setPageType(pfn, PageType.NONE);
        node.modStat(NodeStat.NR_PAGETABLE, -1);
        if (countsInVmPte(level)) {
            mm.addPgtablesBytes(-PAGE_SIZE);
        }
        trace.point(MemoryEvents.PAGETABLE_FREE, mm.owner(), level.ordinal(), pfn);
        pageAlloc.freePages(pfn, 0);
    }

    private static boolean countsInVmPte(PageTableLevel level) {
        return level == PageTableLevel.PUD || level == PageTableLevel.PMD || level == PageTableLevel.PTE;
    }
}
