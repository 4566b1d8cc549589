package dev.folioscope.conformance;

import dev.folioscope.kernel.mmap.Mman;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The page-cache and shmem cases of the conformance kit, run on the simulated kernel with the
 * same system calls and accesses as their C programs, and compared line by line with the goldens
 * recorded on the development machine's 6.18 kernel.
 */
class FileConformanceTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final long PS = Harness.PS;

    /** file_fault_around.c */
    @Test
    void readFaultsMapTheirFaultAroundBlock() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        int fd = h.file("fault-around", 32);
        long s = h.mapFile(p, 32, 32, RW, Mman.MAP_SHARED, fd);
        long q = h.mapFile(p, 64, 32, RW, Mman.MAP_PRIVATE, fd);
        h.dump(p, "after-mmap");
        h.read(p, s + 8 * PS);
        h.dump(p, "after-shared-read-cold");
        h.read(p, s + 24 * PS);
        h.dump(p, "after-shared-read-other-half");
        h.read(p, q + 3 * PS);
        h.dump(p, "after-private-read-warm");
        h.assertMatches("file_fault_around");
    }

    /** file_private_shared_fork.c */
    @Test
    void privateWritesCopyAndSharedWritesDirtyThePageCache() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        int fd = h.file("private-shared", 32);
        long s = h.mapFile(p, 32, 32, RW, Mman.MAP_SHARED, fd);
        long q = h.mapFile(p, 64, 32, RW, Mman.MAP_PRIVATE, fd);
        h.read(p, s + 8 * PS);
        h.read(p, q + 8 * PS);
        h.dump(p, "after-read-faults");
        h.write(p, q + 9 * PS);
        h.dump(p, "after-private-write");
        h.write(p, s + 10 * PS);
        h.dump(p, "after-shared-write");
        h.read(p, q + 10 * PS);
        int child = h.fork(p);
        h.dump(child, "child-after-fork");
        h.read(child, s + 8 * PS);
        h.write(child, q + 11 * PS);
        h.write(child, q + 9 * PS);
        h.dump(child, "child-after-faults");
        Harness.check(h.sys.exit(child), "exit");
        h.dump(p, "parent-after-child-exit");
        h.read(p, q + 9 * PS);
        h.read(p, q + 11 * PS);
        h.assertMatches("file_private_shared_fork");
    }

    /** shared_anon_fork.c */
    @Test
    void sharedAnonymousMemoryIsShmem() throws IOException {
        Harness h = Harness.boot();
        int p = h.parent;
        long a = Harness.check(h.sys.mmap(p, h.at(16), 8 * PS, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED,
                -1, 0), "mmap");
        h.read(p, a);
        h.write(p, a + PS);
        h.dump(p, "after-touch");
        int child = h.fork(p);
        h.dump(child, "child-after-fork");
        h.read(child, a);
        h.write(child, a + PS);
        h.write(child, a + 2 * PS);
        h.dump(child, "child-after-faults");
        h.dump(p, "parent-while-child-alive");
        Harness.check(h.sys.exit(child), "exit");
        h.read(p, a + 2 * PS);
        h.read(p, a + PS);
        h.dump(p, "parent-after-child-exit");
        h.assertMatches("shared_anon_fork");
    }
}
