package dev.folioscope.kernel.pgtable;

import static dev.folioscope.kernel.pgtable.PageTableLevel.P4D;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PGD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PMD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PTE;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PUD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.pgtable.PageTables.PteSlot;
import dev.folioscope.kernel.pgtable.PageTables.Step;
import dev.folioscope.kernel.pgtable.PageTables.Walk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trees built, walked and torn down through a recording allocator that hands out pfns 100, 101,
 * ... in order, so that each test can name the tables it expects.
 */
class PageTablesTest {
    private static final long MIB2 = 2L << 20;
    private static final long GIB = 1L << 30;
    private static final long VA = 0x400000; // a typical ELF text start: PMD index 2 of the first PMD table
    private static final long PTE_VALUE = Pte.mk(0x777, PageProt.PAGE_COPY);

    /** Hands out pfns in order until {@code limit} tables are out; logs every call as "alloc pud 101". */
    private static final class Allocator implements PageTables.TableAllocator {
        final List<String> log = new ArrayList<>();
        int next = 100;
        int limit = Integer.MAX_VALUE;

        @Override
        public int allocTable(PageTableLevel level) {
            if (log.stream().filter(s -> s.startsWith("alloc")).count() >= limit) {
                return -1;
            }
            log.add("alloc " + level.kernelName() + " " + next);
            return next++;
        }

        @Override
        public void freeTable(int pfn, PageTableLevel level) {
            log.add("free " + level.kernelName() + " " + pfn);
        }
    }

    private final PageTableStore store = new PageTableStore(1 << 20);
    private final Allocator alloc = new Allocator();

    private PageTables tables(boolean l5) {
        return new PageTables(store, l5, alloc);
    }

    @Test
    void theFirstTouchAllocatesOneTablePerLevelWithFourLevels() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        assertEquals(100, root);
        PteSlot slot = pt.pteAlloc(root, VA);
        assertEquals(List.of("alloc pgd 100", "alloc pud 101", "alloc pmd 102", "alloc pte 103"), alloc.log);
        assertEquals(new PteSlot(103, 0), slot);
        // The folded P4D: the PGD entry points straight at the PUD table, as p4d_populate writes it.
        assertEquals(Pte.mkTable(101), store.get(root, 0));
        assertEquals(0x65067, store.get(root, 0)); // 101 = 0x65, << 12, | _PAGE_TABLE
        assertEquals(Pte.mkTable(103), store.get(102, 2));

        Walk w = pt.walk(root, VA);
        assertEquals(List.of(new Step(PGD, 100, 0, Pte.mkTable(101)), new Step(PUD, 101, 0, Pte.mkTable(102)),
                new Step(PMD, 102, 2, Pte.mkTable(103)), new Step(PTE, 103, 0, 0)), w.steps());
        assertEquals(slot, w.pte());
        pt.setPte(slot, PTE_VALUE);
        assertEquals(PTE_VALUE, pt.getPte(slot));
        assertEquals(PTE_VALUE, pt.walk(root, VA).steps().get(3).entry());
    }

    @Test
    void theFirstTouchAllocatesOneTablePerLevelWithFiveLevels() {
        PageTables pt = tables(true);
        int root = pt.pgdAlloc();
        long va = (1L << 48) + VA; // beyond 4-level reach: PGD index 1
        PteSlot slot = pt.pteAlloc(root, va);
        assertEquals(List.of("alloc pgd 100", "alloc p4d 101", "alloc pud 102", "alloc pmd 103", "alloc pte 104"),
                alloc.log);
        assertEquals(new PteSlot(104, 0), slot);
        Walk w = pt.walk(root, va);
        assertEquals(List.of(PGD, P4D, PUD, PMD, PTE), w.steps().stream().map(Step::level).toList());
        assertEquals(1, w.steps().get(0).index());
        assertEquals(slot, w.pte());
    }

    @Test
    void aWalkStopsAtTheFirstEntryThatIsNotPresent() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        Walk fresh = pt.walk(root, VA);
        assertEquals(List.of(new Step(PGD, root, 0, 0)), fresh.steps());
        assertNull(fresh.pte());
        pt.pteAlloc(root, VA);
        Walk otherPmd = pt.walk(root, VA + GIB);
        assertEquals(List.of(PGD, PUD), otherPmd.steps().stream().map(Step::level).toList());
        assertEquals(0, otherPmd.steps().get(1).entry());
        assertNull(otherPmd.pte());
        assertEquals(4, alloc.log.size(), "a walk allocates nothing");
    }

    @Test
    void addressesFartherApartNeedTablesFromHigherUp() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        pt.pteAlloc(root, VA);
        alloc.log.clear();
        assertEquals(new PteSlot(103, 1), pt.pteAlloc(root, VA + 4096), "the same 2 MiB: the same PTE table");
        assertEquals(List.of(), alloc.log);
        assertEquals(new PteSlot(104, 0), pt.pteAlloc(root, VA + MIB2));
        assertEquals(List.of("alloc pte 104"), alloc.log);
        pt.pteAlloc(root, VA + GIB);
        assertEquals(List.of("alloc pte 104", "alloc pmd 105", "alloc pte 106"), alloc.log);
        pt.pteAlloc(root, VA + (512 * GIB));
        assertEquals(List.of("alloc pte 104", "alloc pmd 105", "alloc pte 106", "alloc pud 107", "alloc pmd 108",
                "alloc pte 109"), alloc.log);
        assertEquals(10, store.count());
    }

    @Test
    void runningOutLeavesTheTablesAlreadyLinked() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        alloc.limit = 3; // pgd, pud, pmd; no pte
        assertNull(pt.pteAlloc(root, VA));
        assertEquals(List.of(PGD, PUD, PMD), pt.walk(root, VA).steps().stream().map(Step::level).toList());
        alloc.limit = Integer.MAX_VALUE;
        assertEquals(new PteSlot(103, 0), pt.pteAlloc(root, VA), "the retry allocates only what is missing");
    }

    @Test
    void freeingTheOnlyVmaFreesEveryTableBelowTheRoot() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        PteSlot slot = pt.pteAlloc(root, VA);
        pt.setPte(slot, PTE_VALUE);
        assertThrows(IllegalStateException.class, () -> pt.freePgdRange(root, VA, VA + 4096, 0, 0),
                "a table that still maps a page is not freed");
        assertEquals(Pte.mkTable(103), store.get(102, 2), "and the refusal changed nothing");
        pt.setPte(slot, 0); // zapped
        alloc.log.clear();
        pt.freePgdRange(root, VA, VA + 4096, 0, 0); // exit_mmap: FIRST_USER_ADDRESS, USER_PGTABLES_CEILING
        assertEquals(List.of("free pte 103", "free pmd 102", "free pud 101"), alloc.log);
        assertEquals(0, store.get(root, 0));
        assertEquals(1, store.count());
        pt.pgdFree(root);
        assertEquals(0, store.count());
        assertEquals("free pgd 100", alloc.log.getLast());
    }

    @Test
    void fiveLevelsFreeTheP4dTableToo() {
        PageTables pt = tables(true);
        int root = pt.pgdAlloc();
        pt.pteAlloc(root, VA);
        alloc.log.clear();
        pt.freePgdRange(root, VA, VA + 4096, 0, 0);
        assertEquals(List.of("free pte 104", "free pmd 103", "free pud 102", "free p4d 101"), alloc.log);
    }

    @Test
    void aTableSharedWithTheNextVmaStays() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        pt.pteAlloc(root, VA); // VMA A [VA, VA+4K): PTE table 103
        pt.pteAlloc(root, VA + 2 * 4096); // VMA B [VA+8K, VA+12K): the same PTE table
        alloc.log.clear();
        // munmap A: ceiling = B's start, rounded down to the PMD: VA; A's end is above it, so end
        // drops by a PMD below addr and nothing is freed.
        pt.freePgdRange(root, VA, VA + 4096, 0, VA + 2 * 4096);
        assertEquals(List.of(), alloc.log);
        assertTrue(store.isTable(103));
    }

    @Test
    void aTableSharedWithThePreviousVmaStays() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        pt.pteAlloc(root, VA); // VMA B [VA, VA+4K)
        long a = VA + MIB2 - 4096; // VMA A [a, a+4K), last page of the same 2 MiB
        pt.pteAlloc(root, a);
        alloc.log.clear();
        // munmap A: floor = B's end; addr rounds down to VA, below the floor, so it moves up a PMD
        // to VA + 2 MiB = end: nothing to free.
        pt.freePgdRange(root, a, a + 4096, VA + 4096, 0);
        assertEquals(List.of(), alloc.log);
    }

    @Test
    void thePteTableGoesButThePmdTableSharedWithTheNextVmaStays() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        pt.pteAlloc(root, VA); // VMA A: PTE table 103 under PMD table 102
        pt.pteAlloc(root, VA + MIB2); // VMA B, the next 2 MiB: PTE table 104, same PMD table
        alloc.log.clear();
        // The ceiling VA + 2 MiB is PMD-aligned, so A's PTE table is freed; rounded down to a PUD
        // it becomes 0, which free_pmd_range takes as "something above shares this table": the PMD
        // table stays.
        pt.freePgdRange(root, VA, VA + 4096, 0, VA + MIB2);
        assertEquals(List.of("free pte 103"), alloc.log);
        assertEquals(0, store.get(102, 2));
        assertEquals(Pte.mkTable(104), store.get(102, 3));
        // Then B goes too, with no neighbour left: everything below the root.
        alloc.log.clear();
        pt.freePgdRange(root, VA + MIB2, VA + MIB2 + 4096, 0, 0);
        assertEquals(List.of("free pte 104", "free pmd 102", "free pud 101"), alloc.log);
    }

    @Test
    void theFreedRangeIsDecidedByAddressNotByContents() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        pt.pteAlloc(root, VA); // VMA A
        pt.pteAlloc(root, VA + GIB); // VMA B, a gigabyte up: its own PMD and PTE tables
        alloc.log.clear();
        // A gone with B's start as ceiling: A's PTE table and its PMD table (the PUD span [0, 1 GiB)
        // lies below the ceiling) go; the PUD table maps B too and stays.
        pt.freePgdRange(root, VA, VA + 4096, 0, VA + GIB);
        assertEquals(List.of("free pte 103", "free pmd 102"), alloc.log);
        // A ceiling of 0 although B still exists would free the PUD table too, by address, and
        // orphan B's tables; the model refuses before changing anything.
        alloc.log.clear();
        assertThrows(IllegalStateException.class, () -> pt.freePgdRange(root, 0, 4096, 0, 0));
        assertEquals(List.of(), alloc.log);
        assertEquals(4, pt.walk(root, VA + GIB).steps().size());
    }

    @Test
    void forEachPteVisitsTheEntriesThatAreNotNoneInAddressOrder() {
        PageTables pt = tables(false);
        int root = pt.pgdAlloc();
        long swap = Pte.swpEntry(0, 9);
        long[] addrs = {VA + GIB, VA, VA + 3 * 4096, VA + MIB2};
        for (long a : addrs) {
            pt.setPte(pt.pteAlloc(root, a), a == VA + 3 * 4096 ? swap : PTE_VALUE);
        }
        pt.pteAlloc(root, VA + 5 * 4096); // a slot that stays none
        List<String> seen = new ArrayList<>();
        pt.forEachPte(root, 0, 1L << 47, (addr, slot, pte) -> {
            seen.add(Long.toHexString(addr) + " " + Pte.describe(pte));
            pt.setPte(slot, Pte.isSwap(pte) ? pte : Pte.mkold(pte)); // a visitor may write what it sees
        });
        assertEquals(List.of("400000 P USR A NX pfn=0x777", "403000 swap type=0 offset=0x9",
                "600000 P USR A NX pfn=0x777", "40400000 P USR A NX pfn=0x777"), seen);
        assertFalse(Pte.young(pt.getPte(pt.walk(root, VA).pte())));
        seen.clear();
        pt.forEachPte(root, VA + 4096, VA + MIB2, (addr, slot, pte) -> seen.add(Long.toHexString(addr)));
        assertEquals(List.of("403000"), seen, "only [start, end)");
        assertThrows(IllegalArgumentException.class, () -> pt.forEachPte(root, VA + 1, VA + 4096, (x, y, z) -> { }));
        assertThrows(IllegalArgumentException.class, () -> pt.forEachPte(root, VA + 4096, VA, (x, y, z) -> { }));
    }

    @Test
    void forEachTableListsEveryTableOnceRootFirst() {
        PageTables pt = tables(true);
        int root = pt.pgdAlloc();
        pt.pteAlloc(root, VA);
        pt.pteAlloc(root, VA + MIB2);
        pt.pteAlloc(root, VA + GIB);
        List<String> seen = new ArrayList<>();
        pt.forEachTable(root, (level, pfn) -> seen.add(level.kernelName() + " " + pfn));
        assertEquals(List.of("pgd 100", "p4d 101", "pud 102", "pmd 103", "pte 104", "pte 105", "pmd 106", "pte 107"),
                seen);
        assertEquals(store.count(), seen.size());
    }

    @Test
    void aForkedStoreKeepsTheParentsTreeUntouched() {
        PageTables parent = tables(false);
        int root = parent.pgdAlloc();
        PteSlot slot = parent.pteAlloc(root, VA);
        parent.setPte(slot, PTE_VALUE);
        PageTableStore forked = store.fork();
        PageTables child = new PageTables(forked, false, alloc);
        child.setPte(slot, Pte.wrprotect(PTE_VALUE) | Pte.DIRTY);
        child.pteAlloc(root, VA + GIB);
        assertEquals(PTE_VALUE, parent.getPte(slot));
        assertEquals(2, parent.walk(root, VA + GIB).steps().size());
        assertEquals(4, child.walk(root, VA + GIB).steps().size());
        assertEquals(4, store.count());
        assertEquals(6, forked.count());
    }
}
