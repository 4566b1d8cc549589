package dev.folioscope.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.task.Syscalls;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * /proc/PID/smaps and smaps_rollup as a 6.18 kernel prints them. The expected blocks were
 * printed by the development machine's kernel for the same system calls (a C program mapping
 * 0x7f0000010000 as here, reading its own /proc/self/smaps); the other values are worked out by
 * hand from the pages the process mapped, wrote, shared by fork and freed with MADV_FREE.
 */
class SmapsTest {
    private static final long A = 0x7f0000010000L;
    private static final long PAGE = 4096;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int FIXED = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED;

    private Kernel k = TestMachines.boot(64L << 20);
    private Syscalls sys = k.syscalls();
    private int pid = (int) sys.spawn("t");

    @Test
    void eightPagesMappedAndFourWrittenAreSixteenKilobytesPrivateDirty() {
        mapAndWrite(A, 8, 4);
        assertEquals("""
                7f0000010000-7f0000018000 rw-p 00000000 00:00 0\s
                Size:                 32 kB
                KernelPageSize:        4 kB
                MMUPageSize:           4 kB
                Rss:                  16 kB
                Pss:                  16 kB
                Pss_Dirty:            16 kB
                Shared_Clean:          0 kB
                Shared_Dirty:          0 kB
                Private_Clean:         0 kB
                Private_Dirty:        16 kB
                Referenced:           16 kB
                Anonymous:            16 kB
                KSM:                   0 kB
                LazyFree:              0 kB
                AnonHugePages:         0 kB
                ShmemPmdMapped:        0 kB
                FilePmdMapped:         0 kB
                Shared_Hugetlb:        0 kB
                Private_Hugetlb:       0 kB
                Swap:                  0 kB
                SwapPss:               0 kB
                Locked:                0 kB
                THPeligible:           0
                VmFlags: rd wr mr mw me ac\s
                """, block(pid, A));
    }

    @Test
    void aReservationWithoutAccessHasNoReadWriteOrAccountFlags() {
        sys.mmap(pid, A, 16 * PAGE, Mman.PROT_NONE, FIXED | Mman.MAP_NORESERVE, -1, 0);
        List<String> lines = block(pid, A).lines().toList();
        assertEquals("7f0000010000-7f0000020000 ---p 00000000 00:00 0 ", lines.getFirst());
        assertEquals("Size:                 64 kB", lines.get(1));
        assertEquals("VmFlags: mr mw me nr ", lines.getLast());
    }

    @Test
    void afterForkEachProcessHasHalfThePssOfTheSharedPages() {
        mapAndWrite(A, 8, 4);
        int child = (int) sys.fork(pid);
        for (int p : new int[] {pid, child}) {
            String b = block(p, A);
            assertEquals("Rss:                  16 kB", line(b, "Rss:"));
            assertEquals("Pss:                   8 kB", line(b, "Pss:"));
            assertEquals("Pss_Dirty:             8 kB", line(b, "Pss_Dirty:"));
            assertEquals("Shared_Dirty:         16 kB", line(b, "Shared_Dirty:"));
            assertEquals("Private_Dirty:         0 kB", line(b, "Private_Dirty:"));
            assertEquals("Anonymous:            16 kB", line(b, "Anonymous:"));
        }
        // fork leaves the parent's PTEs young and gives the child old ones
        assertEquals("Referenced:           16 kB", line(block(pid, A), "Referenced:"));
        assertEquals("Referenced:            0 kB", line(block(child, A), "Referenced:"));
    }

    @Test
    void aCopyOnWriteBreakMakesThePagePrivateInBothProcesses() {
        mapAndWrite(A, 8, 4);
        int child = (int) sys.fork(pid);
        sys.access(child, A + PAGE, true);
        // the child's copy is its own; the parent's page 1 is mapped once again: 3 pages at half, 1 whole
        for (int p : new int[] {pid, child}) {
            String b = block(p, A);
            assertEquals("Pss:                  10 kB", line(b, "Pss:"));
            assertEquals("Shared_Dirty:         12 kB", line(b, "Shared_Dirty:"));
            assertEquals("Private_Dirty:         4 kB", line(b, "Private_Dirty:"));
        }
    }

    @Test
    void aPageFreedWithMadvFreeIsLazyFreeOnceItsBatchHasMoved() {
        mapAndWrite(A, 8, 4);
        sys.madvise(pid, A, PAGE, Mman.MADV_FREE);
        // page 0 is clean and old, but waits in the lru_lazyfree batch still swap-backed
        String b = block(pid, A);
        assertEquals("Private_Clean:         4 kB", line(b, "Private_Clean:"));
        assertEquals("Private_Dirty:        12 kB", line(b, "Private_Dirty:"));
        assertEquals("Referenced:           12 kB", line(b, "Referenced:"));
        assertEquals("LazyFree:              0 kB", line(b, "LazyFree:"));
        // the next MADV_FREE drains the batch first: page 0 loses PG_swapbacked; page 1 waits
        sys.madvise(pid, A + PAGE, PAGE, Mman.MADV_FREE);
        b = block(pid, A);
        assertEquals("Private_Clean:         8 kB", line(b, "Private_Clean:"));
        assertEquals("Private_Dirty:         8 kB", line(b, "Private_Dirty:"));
        assertEquals("LazyFree:              4 kB", line(b, "LazyFree:"));
        assertEquals("Anonymous:            16 kB", line(b, "Anonymous:"));
        // written again, the page is dirty: no longer lazily freeable
        sys.access(pid, A, true);
        assertEquals("LazyFree:              0 kB", line(block(pid, A), "LazyFree:"));
    }

    @Test
    void anMlockedMappingIsPopulatedAndLocked() {
        mapAndWrite(A, 8, 4);
        sys.mlock(pid, A, 8 * PAGE);
        // mlock faults in the other 4 pages for writing (a private writable mapping breaks COW):
        // 8 pages mapped once each, all locked
        String b = block(pid, A);
        assertEquals("Rss:                  32 kB", line(b, "Rss:"));
        assertEquals("Private_Dirty:        32 kB", line(b, "Private_Dirty:"));
        assertEquals("Locked:               32 kB", line(b, "Locked:"));
        assertEquals("VmFlags: rd wr mr mw me lo ac ", b.lines().toList().getLast());
    }

    @Test
    void theRollupSumsEveryVmaUnderOneHeaderAndSplitsThePss() {
        mapAndWrite(A, 8, 4);
        long b = 0x7f0000100000L;
        mapAndWrite(b, 4, 2);
        sys.fork(pid);
        // 6 pages, all shared with the child: Pss 12 kB, all of it anonymous and dirty
        assertEquals("""
                7f0000010000-7ffffffff000 ---p 00000000 00:00 0                          [rollup]
                Rss:                  24 kB
                Pss:                  12 kB
                Pss_Dirty:            12 kB
                Pss_Anon:             12 kB
                Pss_File:              0 kB
                Pss_Shmem:             0 kB
                Shared_Clean:          0 kB
                Shared_Dirty:         24 kB
                Private_Clean:         0 kB
                Private_Dirty:         0 kB
                Referenced:           24 kB
                Anonymous:            24 kB
                KSM:                   0 kB
                LazyFree:              0 kB
                AnonHugePages:         0 kB
                ShmemPmdMapped:        0 kB
                FilePmdMapped:         0 kB
                Shared_Hugetlb:        0 kB
                Private_Hugetlb:       0 kB
                Swap:                  0 kB
                SwapPss:               0 kB
                Locked:                0 kB
                """, Smaps.renderRollup(k, mm(pid)));
    }

    @Test
    void anAlignedTwoMegabyteMappingIsThpEligibleUnderMadviseOnlyWithMadvHugepage() {
        boot(ThpMode.MADVISE);
        long h = 0x7f0000200000L;
        sys.mmap(pid, h, 512 * PAGE, RW, FIXED, -1, 0);
        assertEquals("THPeligible:           0", line(block(pid, h), "THPeligible:"));
        sys.madvise(pid, h, 512 * PAGE, Mman.MADV_HUGEPAGE);
        String b = block(pid, h);
        assertEquals("THPeligible:           1", line(b, "THPeligible:"));
        assertEquals("VmFlags: rd wr mr mw me ac hg ", b.lines().toList().getLast());
    }

    @Test
    void underAlwaysAVmaIsEligibleIfAnAlignedHugePageFitsAndNoHugepageWasNotAdvised() {
        boot(ThpMode.ALWAYS);
        sys.mmap(pid, A, 8 * PAGE, RW, FIXED, -1, 0);
        assertEquals("THPeligible:           0", line(block(pid, A), "THPeligible:"), "8 pages: no 2 MiB fits");
        long misaligned = 0x7f0000201000L;
        sys.mmap(pid, misaligned, 512 * PAGE, RW, FIXED, -1, 0);
        assertEquals("THPeligible:           0", line(block(pid, misaligned), "THPeligible:"),
                "2 MiB from 4 KiB past a 2 MiB boundary: no aligned 2 MiB inside");
        long h = 0x7f0000600000L;
        sys.mmap(pid, h, 1024 * PAGE, RW, FIXED, -1, 0);
        assertEquals("THPeligible:           1", line(block(pid, h), "THPeligible:"));
        sys.madvise(pid, h, 1024 * PAGE, Mman.MADV_NOHUGEPAGE);
        assertEquals("THPeligible:           0", line(block(pid, h), "THPeligible:"));
    }

    @Test
    void neverMakesNothingEligible() {
        long h = 0x7f0000200000L;
        sys.mmap(pid, h, 512 * PAGE, RW, FIXED, -1, 0);
        sys.madvise(pid, h, 512 * PAGE, Mman.MADV_HUGEPAGE);
        assertEquals("THPeligible:           0", line(block(pid, h), "THPeligible:"));
    }

    private void boot(ThpMode thp) {
        k = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(64L << 20), 1, Sysctl.defaults(), thp));
        sys = k.syscalls();
        pid = (int) sys.spawn("t");
    }

    private void mapAndWrite(long addr, int pages, int written) {
        assertEquals(addr, sys.mmap(pid, addr, pages * PAGE, RW, FIXED, -1, 0));
        for (int i = 0; i < written; i++) {
            sys.access(pid, addr + i * PAGE, true);
        }
    }

    private Mm mm(int p) {
        return k.tasks().get(p).mm();
    }

    /** The smaps block of the VMA starting at {@code start}: its maps line to its VmFlags line. */
    private String block(int p, long start) {
        List<String> lines = Smaps.render(k, mm(p)).lines().toList();
        int first = 0;
        while (!lines.get(first).startsWith(Long.toHexString(start) + "-")) {
            first++;
        }
        int last = first;
        while (!lines.get(last).startsWith("VmFlags:")) {
            last++;
        }
        return String.join("\n", lines.subList(first, last + 1)) + "\n";
    }

    private static String line(String block, String label) {
        return block.lines().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow();
    }
}
