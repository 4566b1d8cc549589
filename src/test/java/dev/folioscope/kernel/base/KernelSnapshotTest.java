package dev.folioscope.kernel.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract checkpoints rely on: a kernel snapshot cannot be run or written, never changes,
 * and forks into kernels that run independently; a snapshot is charged only what changed since
 * the one before it.
 */
class KernelSnapshotTest {
    private final Kernel live = TestMachines.boot(64L << 20);

    @Test
    void aSnapshotRefusesToRun() {
        Kernel s = live.snapshot();
        assertTrue(s.isSnapshot());
        assertFalse(live.isSnapshot());
        for (Executable run : new Executable[] {s::pageAlloc, s::trace, () -> s.setTracer(Tracer.NONE),
            () -> s.setCpu(0), s::schedule, s::idleSecond, () -> s.mem().setRefcount(0, 5)}) {
            var e = assertThrows(IllegalStateException.class, run);
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
    }

    @Test
    void theLiveKernelAndForksOfASnapshotRunWithoutChangingIt() {
        Kernel s = live.snapshot();
        long digest = s.digest();
        int pfn = live.pageAlloc().allocPages(Gfp.GFP_KERNEL, 3);
        Kernel fork = s.fork();
        int forked = fork.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        assertTrue(pfn >= 0 && forked >= 0);
        assertEquals(digest, s.digest());
        assertEquals(digest, s.fork().digest());
        assertNotEquals(digest, live.digest());
        assertNotEquals(digest, fork.digest());
        assertEquals(1, live.mem().refcount(pfn));
        assertEquals(0, s.mem().refcount(pfn));
    }

    @Test
    void aSnapshotIsChargedOnlyWhatChangedSinceThePreviousOne() {
        Kernel first = live.snapshot();
        Kernel same = live.snapshot();
        long fixed = same.bytesNotIn(first);
        assertTrue(fixed > 0 && fixed < 64 << 10, "zone copies only: " + fixed);
        live.pageAlloc().allocPages(Gfp.GFP_KERNEL, 0);
        long changed = live.snapshot().bytesNotIn(same);
        assertTrue(changed >= fixed + 16 + 256 * 4, "at least a copied chunk more: " + changed);
        int pages = (64 << 20) >> 12;
        assertTrue(first.bytesNotIn(null) > 2L * pages * Integer.BYTES, "the first holds all page state, and boot"
                + " wrote every page's flags and refcount");
    }
}
