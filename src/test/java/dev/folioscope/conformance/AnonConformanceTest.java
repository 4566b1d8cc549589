package dev.folioscope.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mman;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anonymous-memory cases of the conformance kit, run on the simulated kernel with the same
 * system calls and accesses as their C programs, and compared line by line with the goldens
 * recorded on the development machine's 6.18 kernel.
 */
class AnonConformanceTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON_FIXED = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

    private static Harness harness() {
        return new Harness(TestMachines.boot(256L << 20));
    }

    private static void assertMatches(String caseName, Harness h) throws IOException {
        InvariantChecker.checkLru(h.k);
        List<String> diff = Golden.load(caseName).diff(h.output());
        assertEquals(List.of(), diff, caseName + ": the simulator differs from the real kernel\n" + h.output());
    }

    /** anon_faults.c */
    @Test
    void anonymousFaultsAndTheZeroPage() throws IOException {
        Harness h = harness();
        int p = h.parent;
        long a = Harness.check(h.sys.mmap(p, h.at(16), 8 * Harness.PS, RW, ANON_FIXED, -1, 0), "mmap");
        h.dump(p, "after-mmap");
        for (int i = 0; i < 4; i++) {
            h.write(p, a + i * Harness.PS);
        }
        h.dump(p, "after-write-faults");
        h.read(p, a + 5 * Harness.PS);
        h.read(p, a + 6 * Harness.PS);
        h.read(p, a);
        h.dump(p, "after-read-faults");
        h.write(p, a + 5 * Harness.PS);
        h.dump(p, "after-write-on-zero-page");
        assertMatches("anon_faults", h);
    }

    /** fork_cow.c */
    @Test
    void forkCopyOnWriteAndReuse() throws IOException {
        Harness h = harness();
        int p = h.parent;
        long a = Harness.check(h.sys.mmap(p, h.at(16), 8 * Harness.PS, RW, ANON_FIXED, -1, 0), "mmap");
        forkCowCase(h, p, a);
        assertMatches("fork_cow", h);
    }

    private static void forkCowCase(Harness h, int p, long a) {
        long ps = Harness.PS;
        for (int i = 0; i < 4; i++) {
            h.write(p, a + i * ps);
        }
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

    /** The mapping invariants catch a mapcount that no longer counts the PTEs. */
    @Test
    void aWrongMapcountIsCaught() {
        Harness h = harness();
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
}
