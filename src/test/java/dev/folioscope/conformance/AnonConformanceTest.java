package dev.folioscope.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mman;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The anonymous-memory cases of the conformance kit, run on the simulated kernel with the same
 * system calls and accesses as their C programs, and compared line by line with the goldens
 * recorded on the development machine's 6.18 kernel.
 */
class AnonConformanceTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON_FIXED = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

    /** anon_faults.c */
    @Test
    void anonymousFaultsAndTheZeroPage() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long a = h.mapAnon(p, 16, 8, RW);
        h.dump(p, "after-mmap");
        h.writePages(p, a, 4);
        h.dump(p, "after-write-faults");
        h.read(p, a + 5 * Harness.PS);
        h.read(p, a + 6 * Harness.PS);
        h.read(p, a);
        h.dump(p, "after-read-faults");
        h.write(p, a + 5 * Harness.PS);
        h.dump(p, "after-write-on-zero-page");
        h.assertMatches("anon_faults");
    }

    /** fork_cow.c */
    @Test
    void forkCopyOnWriteAndReuse() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long a = h.mapAnon(p, 16, 8, RW);
        forkCowCase(h, p, a);
        h.assertMatches("fork_cow");
    }

    private static void forkCowCase(Harness h, int p, long a) {
        long ps = Harness.PS;
        h.writePages(p, a, 4);
        h.read(p, a + 5 * ps);
        h.dump(p, "after-touch");
        int child = h.fork(p);
        h.dump(child, "child-after-fork");
        h.write(child, a + ps);
        h.write(child, a + 6 * ps);
        h.dump(child, "child-after-write");
        h.write(p, a + 3 * ps);
        h.dump(p, "parent-write-while-child-alive");
        h.dump(child, "child-after-parent-write");
        Harness.check(h.sys.exit(child), "exit");
        h.dump(p, "parent-after-child-exit");
        h.write(p, a + 2 * ps);
        h.write(p, a + ps);
        h.dump(p, "parent-after-write");
    }

    /** madv_dontneed.c */
    @Test
    void madviseDontneedDropsPagesAndKeepsTheVma() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        long a = h.mapAnon(p, 16, 8, RW);
        h.writePages(p, a, 6);
        h.read(p, a + 6 * ps);
        h.dump(p, "after-touch");
        Harness.check(h.sys.madvise(p, a + 2 * ps, 5 * ps, Mman.MADV_DONTNEED), "madvise");
        h.dump(p, "after-dontneed");
        h.read(p, a + 2 * ps);
        h.write(p, a + 3 * ps);
        h.dump(p, "after-read-and-write");
        h.assertMatches("madv_dontneed");
    }

    /** mprotect_split_merge.c */
    @Test
    void mprotectSplitsAndMergesBack() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        long a = h.mapAnon(p, 16, 8, RW);
        for (int i = 0; i < 8; i += 2) {
            h.write(p, a + i * ps);
        }
        h.dump(p, "after-touch");
        Harness.check(h.sys.mprotect(p, a + 2 * ps, 3 * ps, Mman.PROT_READ), "mprotect");
        h.dump(p, "after-mprotect-read-middle");
        h.read(p, a + 3 * ps);
        h.dump(p, "after-read-in-readonly-piece");
        Harness.check(h.sys.mprotect(p, a + 2 * ps, 3 * ps, RW), "mprotect");
        h.dump(p, "after-mprotect-restore");
        Harness.check(h.sys.mprotect(p, a, 3 * ps, Mman.PROT_READ), "mprotect");
        h.dump(p, "after-mprotect-read-head");
        Harness.check(h.sys.mprotect(p, a + 2 * ps, 2 * ps, Mman.PROT_READ), "mprotect");
        h.dump(p, "after-mprotect-read-overlapping");
        Harness.check(h.sys.mprotect(p, a, 8 * ps, RW), "mprotect");
        h.write(p, a + 3 * ps);
        h.dump(p, "after-mprotect-restore-all-and-write");
        h.assertMatches("mprotect_split_merge");
    }

    /** munmap_hole_refill.c */
    @Test
    void munmapHoleAndRefill() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        long a = h.mapAnon(p, 16, 8, RW);
        h.writePages(p, a, 8);
        h.dump(p, "after-touch");
        Harness.check(h.sys.munmap(p, a + 3 * ps, 2 * ps), "munmap");
        h.dump(p, "after-munmap-hole");
        Harness.check(h.sys.mmap(p, a + 3 * ps, 2 * ps, RW, ANON_FIXED, -1, 0), "mmap");
        h.dump(p, "after-refill-same-prot");
        h.write(p, a + 3 * ps);
        h.dump(p, "after-write-in-refill");
        Harness.check(h.sys.munmap(p, a + 5 * ps, ps), "munmap");
        Harness.check(h.sys.mmap(p, a + 5 * ps, ps, Mman.PROT_READ, ANON_FIXED, -1, 0), "mmap");
        h.dump(p, "after-refill-other-prot");
        Harness.check(h.sys.mmap(p, a + 6 * ps, 2 * ps, RW, ANON_FIXED, -1, 0), "mmap");
        h.dump(p, "after-mmap-fixed-over-touched");
        h.assertMatches("munmap_hole_refill");
    }

    /** mlock_populate.c */
    @Test
    void mlockAndMapPopulate() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        long a = h.mapAnon(p, 16, 8, RW);
        h.write(p, a);
        Harness.check(h.sys.mlock(p, a + 2 * ps, 4 * ps), "mlock");
        h.dump(p, "after-mlock");
        Harness.check(h.sys.munlock(p, a + 2 * ps, 4 * ps), "munlock");
        h.dump(p, "after-munlock");
        Harness.check(h.sys.mmap(p, h.at(32), 4 * ps, RW, ANON_FIXED | Mman.MAP_POPULATE, -1, 0), "mmap");
        Harness.check(h.sys.mmap(p, h.at(40), 4 * ps, Mman.PROT_READ, ANON_FIXED | Mman.MAP_POPULATE, -1, 0),
                "mmap");
        h.dump(p, "after-map-populate");
        Harness.check(h.sys.mmap(p, h.at(48), 4 * ps, RW, ANON_FIXED | Mman.MAP_LOCKED, -1, 0), "mmap");
        h.dump(p, "after-map-locked");
        Harness.check(h.sys.munlock(p, h.at(48), 4 * ps), "munlock");
        h.dump(p, "after-munlock-map-locked");
        h.assertMatches("mlock_populate");
    }

    /** mremap_grow_move.c */
    @Test
    void mremapGrowShrinkAndMove() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        int move = Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED;
        long a = h.mapAnon(p, 16, 4, RW);
        h.writePages(p, a, 4);
        Harness.check(h.sys.munmap(p, h.at(20), 8 * ps), "munmap");
        h.dump(p, "after-touch");
        assertEquals(a, h.sys.mremap(p, a, 4 * ps, 8 * ps, 0, 0), "mremap grow");
        h.write(p, a + 6 * ps);
        h.dump(p, "after-grow-in-place");
        assertEquals(a, h.sys.mremap(p, a, 8 * ps, 6 * ps, 0, 0), "mremap shrink");
        h.dump(p, "after-shrink");
        long b = h.sys.mremap(p, a, 6 * ps, 6 * ps, move, h.at(100));
        assertEquals(h.at(100), b, "mremap move");
        h.dump(p, "after-move");
        h.read(p, b + 3 * ps);
        h.mapAnon(p, 106, 2, Mman.PROT_READ);
        org.junit.jupiter.api.Assertions.assertTrue(h.sys.mremap(p, b, 6 * ps, 8 * ps, 0, 0) < 0,
                "mremap grew over a neighbour");
        long c = h.sys.mremap(p, b, 6 * ps, 8 * ps, move, h.at(200));
        assertEquals(h.at(200), c, "mremap grow-move");
        h.dump(p, "after-grow-by-move");
        long d = h.mapAnon(p, 300, 4, RW);
        h.write(p, d);
        assertEquals(h.at(304), h.sys.mremap(p, c, 8 * ps, 8 * ps, move, h.at(304)), "mremap move next to");
        h.dump(p, "after-move-faulted-next-to-faulted");
        h.mapAnon(p, 400, 4, RW);
        long f = h.mapAnon(p, 500, 4, RW);
        assertEquals(h.at(404), h.sys.mremap(p, f, 4 * ps, 4 * ps, move, h.at(404)), "mremap move unfaulted");
        h.dump(p, "after-move-unfaulted-next-to-unfaulted");
        h.assertMatches("mremap_grow_move");
    }

    /** mprotect_none.c */
    @Test
    void mprotectNoneKeepsPagesAndDoesNotMergeWithTheReservation() throws IOException {
        Harness h = Harness.boot();
        h.showProtNone();
        int p = h.parent;
        long ps = Harness.PS;
        long a = h.mapAnon(p, 16, 8, RW);
        h.writePages(p, a, 4);
        h.read(p, a + 5 * ps);
        h.dump(p, "after-touch");
        Harness.check(h.sys.mprotect(p, a + 2 * ps, 4 * ps, Mman.PROT_NONE), "mprotect");
        h.dump(p, "after-mprotect-none");
        Harness.check(h.sys.mprotect(p, a + 2 * ps, 4 * ps, RW), "mprotect");
        h.read(p, a + 3 * ps);
        h.dump(p, "after-mprotect-restore");
        Harness.check(h.sys.mprotect(p, a + 6 * ps, 2 * ps, Mman.PROT_NONE), "mprotect");
        h.dump(p, "after-mprotect-none-untouched-tail");
        h.assertMatches("mprotect_none");
    }

    /** fork_dontfork_wipeonfork.c */
    @Test
    void forkSkipsDontforkAndWipesWipeonfork() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        long a = h.mapAnon(p, 16, 12, RW);
        h.writePages(p, a, 12);
        Harness.check(h.sys.madvise(p, a + 4 * ps, 4 * ps, Mman.MADV_DONTFORK), "madvise");
        Harness.check(h.sys.madvise(p, a + 8 * ps, 4 * ps, Mman.MADV_WIPEONFORK), "madvise");
        h.dump(p, "after-madvise");
        int child = h.fork(p);
        h.dump(child, "child-after-fork");
        h.read(child, a + 8 * ps);
        h.dump(child, "child-after-read-wiped");
        Harness.check(h.sys.exit(child), "exit");
        h.dump(p, "parent-after-child-exit");
        h.assertMatches("fork_dontfork_wipeonfork");
    }

    /** brk_grow_shrink.c: the dumps are of the 64 pages from the initial break. */
    @Test
    void brkGrowsAndShrinksTheHeap() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        long b0 = Harness.check(h.sys.brk(p, 0), "sbrk(0)");
        assertEquals(0, b0 % ps, "initial break not page-aligned");
        h.dumpWindow(p, "before", b0, 64);
        setBrk(h, b0, 3 * ps + 100);
        h.write(p, b0);
        h.write(p, b0 + 2 * ps);
        h.read(p, b0 + 3 * ps);
        h.dumpWindow(p, "after-grow-and-touch", b0, 64);
        setBrk(h, b0, 8 * ps);
        h.write(p, b0 + 7 * ps);
        h.dumpWindow(p, "after-grow-again", b0, 64);
        setBrk(h, b0, 2 * ps + 1);
        h.dumpWindow(p, "after-shrink", b0, 64);
        setBrk(h, b0, -ps);
        setBrk(h, b0, 0);
        h.dumpWindow(p, "after-shrink-to-start", b0, 64);
        h.assertMatches("brk_grow_shrink");
    }

    /** brk_grow_shrink.c: set_brk. */
    private static void setBrk(Harness h, long b0, long off) {
        long r = h.sys.brk(h.parent, b0 + off);
        h.line(String.format("brk %+d -> %+d", off, r - b0));
    }

    /** pagetable_growth.c: a 2 GiB mapping at the start of an unused 512 GiB PGD slot. */
    @Test
    void pageTablesGrowAndShrink() throws IOException {
        Harness h = Harness.boot();
        h.showVmpte();
        int p = h.parent;
        long ps = Harness.PS;
        long bigBase = 0x200000000000L;
        long mb2 = (2L << 20) / ps;
        long gb1 = (1L << 30) / ps;
        long bigPages = (2L << 30) / ps + 512;
        long w = h.sys.mmap(p, bigBase, bigPages * ps, Mman.PROT_NONE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE | Mman.MAP_FIXED_NOREPLACE, -1, 0);
        assertEquals(bigBase, w, "reserve at 0x200000000000");
        long m = h.sys.mmap(p, w, 2 * gb1 * ps, RW, ANON_FIXED | Mman.MAP_NORESERVE, -1, 0);
        assertEquals(w, m, "mmap");
        h.dumpWindow(p, "after-mmap", w, bigPages);
        h.write(p, m);
        h.dumpWindow(p, "after-first-touch", w, bigPages);
        h.write(p, m + ps);
        h.write(p, m + (mb2 - 1) * ps);
        h.dumpWindow(p, "after-touch-same-pte-table", w, bigPages);
        h.write(p, m + mb2 * ps);
        h.dumpWindow(p, "after-touch-next-2m", w, bigPages);
        for (long i = 2; i < 8; i++) {
            h.write(p, m + i * mb2 * ps);
        }
        h.dumpWindow(p, "after-touch-8-2m-regions", w, bigPages);
        h.read(p, m + 8 * mb2 * ps);
        h.dumpWindow(p, "after-read-9th-2m", w, bigPages);
        h.write(p, m + (gb1 - 1) * ps);
        h.write(p, m + gb1 * ps);
        h.dumpWindow(p, "after-touch-across-1g", w, bigPages);
        Harness.check(h.sys.madvise(p, m + 2 * mb2 * ps, 6 * mb2 * ps, Mman.MADV_DONTNEED), "madvise");
        h.dumpWindow(p, "after-dontneed-2m-regions-2-7", w, bigPages);
        Harness.check(h.sys.munmap(p, m + gb1 * ps, gb1 * ps), "munmap");
        h.dumpWindow(p, "after-munmap-2nd-1g", w, bigPages);
        Harness.check(h.sys.munmap(p, m, gb1 * ps), "munmap");
        h.dumpWindow(p, "after-munmap-all", w, bigPages);
        h.assertMatches("pagetable_growth");
    }

    /** madv_free.c */
    @Test
    void madviseFreeCleansPagesAndLazyfreeBatchDrainsLater() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long ps = Harness.PS;
        long a = h.mapAnon(p, 16, 8, RW);
        h.writePages(p, a, 4);
        h.read(p, a + 5 * ps);
        h.dump(p, "after-touch");
        Harness.check(h.sys.madvise(p, a, 6 * ps, Mman.MADV_FREE), "madvise");
        h.dump(p, "after-madv-free");
        h.write(p, a + ps);
        h.dump(p, "after-write-to-freed-page");
        Harness.check(h.sys.madvise(p, a + 7 * ps, ps, Mman.MADV_FREE), "madvise");
        h.dump(p, "after-second-madv-free");
        h.assertMatches("madv_free");
    }

    /** The mapping invariants catch a pgtables_bytes (VmPTE) that no longer counts the tables. */
    @Test
    void aWrongVmpteIsCaught() {
        Harness h = Harness.boot();
        int p = h.parent;
        h.write(p, h.mapAnon(p, 16, 1, RW));
        InvariantChecker.checkMappings(h.k);
        h.k.tasks().get(p).mm().addPgtablesBytes(-4096);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> InvariantChecker.checkMappings(h.k));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("pgtables_bytes is"), e.getMessage());
    }

    /** The mapping invariants catch a mapcount that no longer counts the PTEs. */
    @Test
    void aWrongMapcountIsCaught() {
        Harness h = Harness.boot();
        int p = h.parent;
        long a = Harness.check(h.sys.mmap(p, h.at(16), Harness.PS, RW, ANON_FIXED, -1, 0), "mmap");
        h.write(p, a);
        InvariantChecker.checkMappings(h.k);
        long pte = dev.folioscope.kernel.proc.Pagemap.entry(h.k, h.k.tasks().get(p).mm(), a);
        int pfn = (int) (pte & dev.folioscope.kernel.proc.Pagemap.PM_PFRAME_MASK);
        h.k.mem().setMapcount(pfn, 2);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> InvariantChecker.checkMappings(h.k));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("has mapcount 2 but 1 PTE(s) map it"),
                e.getMessage());
    }

    /** The rmap invariant catches a folio whose mapping no longer leads back to its PTE. */
    @Test
    void anRmapThatMissesAPteIsCaught() {
        Harness h = Harness.boot();
        int p = h.parent;
        long a = Harness.check(h.sys.mmap(p, h.at(16), Harness.PS, RW, ANON_FIXED, -1, 0), "mmap");
        h.write(p, a);
        long pte = dev.folioscope.kernel.proc.Pagemap.entry(h.k, h.k.tasks().get(p).mm(), a);
        int pfn = (int) (pte & dev.folioscope.kernel.proc.Pagemap.PM_PFRAME_MASK);
        h.k.mem().setIndex(pfn, h.k.mem().index(pfn) + 1);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> InvariantChecker.checkMappings(h.k));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("but its rmap walk finds []"),
                e.getMessage());
    }
}
