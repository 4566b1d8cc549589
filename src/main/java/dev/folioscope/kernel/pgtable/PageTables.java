package dev.folioscope.kernel.pgtable;

import static dev.folioscope.kernel.pgtable.PageTableLevel.P4D;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PGD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PMD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PTE;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PTRS_PER_TABLE;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PUD;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations on page-table trees held in a {@link PageTableStore}, each tree named by the pfn
 * of its root (PGD) table: walking, allocating the tables a fault needs, freeing the tables of an
 * unmapped range, and visiting entries and tables. The caller accounts the tables (pgtables_bytes,
 * NR_PAGETABLE), emits events and flushes TLBs; this class only keeps the tree right.
 *
 * <p>A directory entry (any level above PTE) is either none or {@link Pte#mkTable a pointer to a
 * table}; huge leaves (PSE) are not modelled. Where the kernel would report a bad directory entry
 * (pgd_bad ... pmd_bad) and clear it, an operation here throws {@link IllegalStateException}, as
 * the model made such an entry only by a bug of its own.
 *
 * <p>With 4-level paging the folded P4D level has no table and no step of its own (see
 * {@link PageTableLevel}): a tree is PGD, PUD, PMD, PTE, and the PGD entry points at a PUD table.
 *
 * <p>A {@code PageTables} holds no state of its own beyond its arguments: make one for the store
 * in use (it is cheap), and a new one when the store is replaced by a fork.
 */
public final class PageTables {
    /**
     * Where table pages come from and go to: the page allocator, with the caller's accounting
     * (mm_inc_nr_ptes ... and NR_PAGETABLE).
     */
    public interface TableAllocator {
        /**
         * A free page for a new table of {@code level} entries (pte_alloc_one, pmd_alloc_one,
         * pud_alloc_one, p4d_alloc_one, pgd_alloc), or -1 when there is none: the caller's
         * -ENOMEM or VM_FAULT_OOM. The page must not hold a table; it is zeroed here.
         */
        int allocTable(PageTableLevel level);

        /**
         * Takes back the page of a table this class has just unlinked and forgotten
         * (pte_free_tlb, pmd_free_tlb, pud_free_tlb, p4d_free_tlb, pgd_free). The kernel hands it
         * to the mmu_gather, which frees it after the TLB flush; the caller may defer likewise.
         */
        void freeTable(int pfn, PageTableLevel level);
    }

    /** A PTE's place: entry {@code index} of the PTE table in page {@code table}. */
    public record PteSlot(int table, int index) {
    }

    /** One level of a walk: entry {@code index} of the table in page {@code table} holds {@code entry}. */
    public record Step(PageTableLevel level, int table, int index, long entry) {
    }

    /**
     * The path from the root to an address: one step per level visited, top down, ending at the
     * first directory entry that is not present, or at the PTE level; {@code pte} is the PTE slot
     * when the walk reached the PTE level (whatever the PTE holds), else null.
     */
    public record Walk(List<Step> steps, PteSlot pte) {
    }

    /** Sees one entry of {@link #forEachPte}; it may set that PTE, or others, but change no table. */
    @FunctionalInterface
    public interface PteVisitor {
        void visit(long addr, PteSlot slot, long pte);
    }

    /** Sees one table of {@link #forEachTable}. */
    @FunctionalInterface
    public interface TableVisitor {
        void visit(PageTableLevel level, int pfn);
    }

    private static final PageTableLevel[] LEVELS_4 = {PGD, PUD, PMD, PTE};
    private static final PageTableLevel[] LEVELS_5 = {PGD, P4D, PUD, PMD, PTE};

    private final PageTableStore store;
    private final boolean l5;
    private final TableAllocator allocator;
    /** The levels that have tables, top down (never written: shared by every instance). */
    private final PageTableLevel[] levels;
    private final long pageSize;

    /**
     * Operations on the trees in {@code store}, with 5-level paging when {@code l5}
     * (pgtable_l5_enabled), taking and giving back table pages through {@code allocator}.
     */
    public PageTables(PageTableStore store, boolean l5, TableAllocator allocator) {
        this.store = store;
        this.l5 = l5;
        this.allocator = allocator;
        this.levels = l5 ? LEVELS_5 : LEVELS_4;
        this.pageSize = PTE.span(l5);
    }

    /**
     * pgd_alloc: a new tree with an empty root, or -1 when out of memory. The kernel half that
     * pgd_ctor copies from swapper_pg_dir is not modelled: kernel mappings have no tables here, so
     * all 512 entries start none.
     */
    public int pgdAlloc() {
        int pfn = allocator.allocTable(PGD);
        if (pfn >= 0) {
            store.create(pfn);
        }
        return pfn;
    }

    /**
     * pgd_free: frees the root of a tree whose tables free_pgtables has already freed.
     *
     * @throws IllegalStateException if the root still points at a table
     */
    public void pgdFree(int root) {
        checkEmpty(root, PGD);
        store.remove(root);
        allocator.freeTable(root, PGD);
    }

    /**
     * The walk a lookup makes (as follow_pte or the hardware walker does) from the root to
     * {@code va}, reading and changing nothing.
     */
    public Walk walk(int root, long va) {
        List<Step> steps = new ArrayList<>(levels.length);
        int table = root;
        for (PageTableLevel level : levels) {
            int i = level.index(va, l5);
            long e = store.get(table, i);
            steps.add(new Step(level, table, i, e));
            if (level == PTE) {
                return new Walk(List.copyOf(steps), new PteSlot(table, i));
            }
            if ((e & Pte.PRESENT) == 0) {
                break;
            }
            table = child(e);
        }
        return new Walk(List.copyOf(steps), null);
    }

    /**
     * follow_pte: the PTE slot for {@code va} when every directory entry above it is present, else
     * null, reading and changing nothing. Where {@link #walk} ends, without its steps: a fault
     * looks at the PTE first, and that look should cost no list.
     */
    public PteSlot followPte(int root, long va) {
        int table = root;
        for (int depth = 0; depth < levels.length - 1; depth++) {
            long e = store.get(table, levels[depth].index(va, l5));
            if ((e & Pte.PRESENT) == 0) {
                return null;
            }
            table = child(e);
        }
        return new PteSlot(table, PTE.index(va, l5));
    }

    /**
     * The PTE slot for {@code va}, allocating the missing tables top down as __handle_mm_fault's
     * p4d_alloc, pud_alloc and pmd_alloc and then pte_alloc do (__p4d_alloc, __pud_alloc,
     * __pmd_alloc, __pte_alloc): each zeroed table is linked ({@link Pte#mkTable}) before the next
     * is asked for. Returns null when the allocator runs out; the tables already linked stay, as
     * in the kernel, for free_pgtables to free with the VMA.
     */
    public PteSlot pteAlloc(int root, long va) {
        int table = root;
        for (int depth = 0; depth < levels.length - 1; depth++) {
            int i = levels[depth].index(va, l5);
            long e = store.get(table, i);
            if (Pte.isNone(e)) {
                int pfn = allocator.allocTable(levels[depth + 1]);
                if (pfn < 0) {
                    return null;
                }
                store.create(pfn);
                e = Pte.mkTable(pfn);
                store.set(table, i, e);
            }
            table = child(e);
        }
        return new PteSlot(table, PTE.index(va, l5));
    }

    /** ptep_get. */
    public long getPte(PteSlot slot) {
        return store.get(slot.table(), slot.index());
    }

    /** set_pte (and pte_clear, with 0). */
    public void setPte(PteSlot slot, long pte) {
        store.set(slot.table(), slot.index(), pte);
    }

    /**
     * free_pgd_range: unlinks and frees the tables that map [addr, end) and that no address
     * outside [floor, ceiling) can need, where floor is the end of the previous VMA (or 0) and
     * ceiling the start of the next (0 for the top of the address space), as free_pgtables passes
     * them. The decision is by address, not by contents: a table is freed when the whole span its
     * parent entry maps lies in [floor, ceiling) after the kernel's rounding (addr rounded down and
     * ceiling rounded down to the span, with addr moved up and end down by a PMD where the PMD
     * around them reaches outside), so a table that also maps a neighbouring VMA stays, however
     * empty. The kernel assumes such a table is empty by then (its VMAs were zapped first); the
     * model checks each table just before unlinking it, since freeing a table that still maps
     * something would leak what it maps.
     *
     * @throws IllegalStateException if a table to be freed is not empty: that table stays linked,
     *     tables freed before it stay freed
     */
    public void freePgdRange(int root, long addr, long end, long floor, long ceiling) {
        long pmdSize = PMD.span(l5);
        addr &= -pmdSize;
        if (ult(addr, floor)) {
            addr += pmdSize;
            if (addr == 0) {
                return;
            }
        }
        if (ceiling != 0) {
            ceiling &= -pmdSize;
            if (ceiling == 0) {
                return;
            }
        }
        if (ult(ceiling - 1, end - 1)) {
            end -= pmdSize;
        }
        if (ult(end - 1, addr)) {
            return;
        }
        do {
            long next = addrEnd(PGD, addr, end);
            int i = PGD.index(addr, l5);
            if (!Pte.isNone(store.get(root, i))) {
                freeRange(root, i, 1, addr, next, floor, ceiling);
            }
            addr = next;
        } while (addr != end);
    }

    /**
     * free_p4d_range, free_pud_range, free_pmd_range and free_pte_range: frees the tables below
     * the table that entry {@code index} of {@code parent} points at, over [addr, end), then that
     * table itself (a PTE table always: free_pgd_range's PMD rounding already made its span
     * free), clearing the entry.
     */
    private void freeRange(int parent, int index, int depth, long addr, long end, long floor, long ceiling) {
        PageTableLevel level = levels[depth];
        int table = child(store.get(parent, index));
        if (level != PTE) {
            long a = addr;
            do {
                long next = addrEnd(level, a, end);
                int i = level.index(a, l5);
                if (!Pte.isNone(store.get(table, i))) {
                    freeRange(table, i, depth + 1, a, next, floor, ceiling);
                }
                a = next;
            } while (a != end);
            long mask = -levels[depth - 1].span(l5);
            if (ult(addr & mask, floor)) {
                return;
            }
            if (ceiling != 0) {
                ceiling &= mask;
                if (ceiling == 0) {
                    return;
                }
            }
            if (ult(ceiling - 1, end - 1)) {
                return;
            }
        }
        checkEmpty(table, level);
        store.set(parent, index, 0);
        store.remove(table);
        allocator.freeTable(table, level);
    }

    /**
     * mm/pt_reclaim.c: try_to_free_pte (and free_pte) — unlinks the PTE table that maps the
     * PMD-aligned {@code addr} and frees it, if it is empty.
     *
     * @return whether a table was freed
     */
    public boolean tryToFreePte(int root, long addr) {
        Walk w = walk(root, addr);
        if (w.pte() == null) {
            return false;
        }
        Step pmd = w.steps().get(w.steps().size() - 2);
        int table = w.pte().table();
        for (int i = 0; i < PTRS_PER_TABLE; i++) {
            if (!Pte.isNone(store.get(table, i))) {
                return false;
            }
        }
        store.set(pmd.table(), pmd.index(), 0);
        store.remove(table);
        allocator.freeTable(table, PTE);
        return true;
    }

    /**
     * Calls {@code visitor} for every PTE in [start, end) that is not none (present, PROT_NONE or
     * swap-format), in address order, skipping whole spans whose directory entry is none.
     *
     * @throws IllegalArgumentException unless start and end are page-aligned and start &lt;= end
     */
    public void forEachPte(int root, long start, long end, PteVisitor visitor) {
        if (((start | end) & (pageSize - 1)) != 0 || ult(end, start)) {
            throw new IllegalArgumentException(
                    "range 0x" + Long.toHexString(start) + "..0x" + Long.toHexString(end) + " is not page-aligned and ordered");
        }
        if (start != end) {
            visitRange(root, 0, start, end, visitor);
        }
    }

    private void visitRange(int table, int depth, long addr, long end, PteVisitor visitor) {
        PageTableLevel level = levels[depth];
        do {
            long next = addrEnd(level, addr, end);
            int i = level.index(addr, l5);
            long e = store.get(table, i);
            if (!Pte.isNone(e)) {
                if (level == PTE) {
                    visitor.visit(addr, new PteSlot(table, i), e);
                } else {
                    visitRange(child(e), depth + 1, addr, next, visitor);
                }
            }
            addr = next;
        } while (addr != end);
    }

    /**
     * Calls {@code visitor} for every table of the tree, the root first, each table before the
     * tables it points at, in address order: what the tree's page-table pages are, for counting
     * them (pgtables_bytes counts the PUD, PMD and PTE tables) and checking each is used once.
     */
    public void forEachTable(int root, TableVisitor visitor) {
        visitTables(root, 0, visitor);
    }

    private void visitTables(int table, int depth, TableVisitor visitor) {
        visitor.visit(levels[depth], table);
        if (depth + 1 < levels.length) {
            for (int i = 0; i < PTRS_PER_TABLE; i++) {
                long e = store.get(table, i);
                if (!Pte.isNone(e)) {
                    visitTables(child(e), depth + 1, visitor);
                }
            }
        }
    }

    /** Refuses to free a table that still maps something, before anything is changed. */
    private void checkEmpty(int pfn, PageTableLevel level) {
        for (int i = 0; i < PTRS_PER_TABLE; i++) {
            if (!Pte.isNone(store.get(pfn, i))) {
                throw new IllegalStateException("freeing the " + level.kernelName() + " table in pfn " + pfn
                        + " while its entry " + i + " still holds " + Pte.describe(store.get(pfn, i)));
            }
        }
    }

    /** The table a directory entry points at (pmd_pgtable, pud_pgtable, p4d_pgtable, pgd_page_vaddr). */
    private static int child(long e) {
        if ((e & Pte.PRESENT) == 0) {
            throw new IllegalStateException("bad directory entry " + Pte.describe(e) + ": neither none nor a table");
        }
        return Math.toIntExact(Pte.pfn(e));
    }

    /** pgd_addr_end ... pmd_addr_end: the end of the entry span holding addr, or end if sooner. */
    private long addrEnd(PageTableLevel level, long addr, long end) {
        long span = level.span(l5);
        long boundary = (addr + span) & -span;
        return ult(boundary - 1, end - 1) ? boundary : end;
    }

    /** Unsigned a &lt; b: addresses are unsigned in the kernel, and 0 stands for the top in end and ceiling. */
    private static boolean ult(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }
}
