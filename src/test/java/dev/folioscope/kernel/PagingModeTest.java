package dev.folioscope.kernel;

import static dev.folioscope.kernel.pgtable.PageTableLevel.P4D;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PGD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PMD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PTE;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PUD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.pgtable.PageTableLevel;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.proc.Meminfo;
import dev.folioscope.kernel.proc.Pagemap;
import dev.folioscope.kernel.proc.Status;
import dev.folioscope.kernel.task.Syscalls;
import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MemoryEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The machine's paging mode, worked out by hand from the x86-64 address split (PGDIR_SHIFT 48
 * with 5 levels, 39 with 4; P4D 39, PUD 30, PMD 21, PTE 12) and the mmap layout of
 * arch/x86/mm/mmap.c and arch/x86/kernel/sys_x86_64.c (mmap_base 0x7ffff7fff000 in both modes).
 */
class PagingModeTest {
    private static final long MEMORY = 64L << 20;
    private static final long PS = 4096;
    /** 0x7f0000000000 + 1 GiB + 3 * 2 MiB + 5 pages: P4D (or 4-level PGD) 254, PUD 1, PMD 3, PTE 5. */
    private static final long A = 0x7f0040605000L;
    /** 2^52, above the 47-bit DEFAULT_MAP_WINDOW: 5-level PGD index 16 (2^52 / 2^48), the rest 0. */
    private static final long HIGH = 1L << 52;
    /** The first top-down gap below mmap_base for one page. */
    private static final long BELOW_MMAP_BASE = Mm.DEFAULT_MMAP_BASE - PS;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    @Test
    void theFirstWriteFaultAllocatesAP4dTableOnlyWithFiveLevels() {
        assertFirstFault(PagingMode.FIVE_LEVEL, List.of(P4D, PUD, PMD, PTE), 20);
        assertFirstFault(PagingMode.FOUR_LEVEL, List.of(PUD, PMD, PTE), 16);
    }

    /**
     * spawn takes the PGD (PageTables 4 kB); the first write below it allocates {@code tables};
     * VmPTE counts only the PUD, PMD and PTE (mm_inc_nr_puds/pmds/ptes: there is no nr_p4ds).
     */
    private static void assertFirstFault(PagingMode paging, List<PageTableLevel> tables, long pageTablesKb) {
        Kernel k = TestMachines.boot(MEMORY, paging);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        assertEquals(A, sys.mmap(pid, A, PS, RW, ANON | Mman.MAP_FIXED, -1, 0));
        assertEquals(4, kb(Meminfo.render(k), "PageTables:"));
        EventCollector events = EventCollector.on(k);
        assertEquals(0, sys.access(pid, A, true));
        assertEquals(tables, events.of(MemoryEvents.PAGETABLE_ALLOC).stream()
                .map(e -> PageTableLevel.values()[(int) e.arg("level")]).toList(), paging.label());
        assertEquals(pageTablesKb, kb(Meminfo.render(k), "PageTables:"), paging.label());
        assertEquals(12, kb(Status.render(k.tasks().get(pid).mm()), "VmPTE:"), paging.label());
        InvariantChecker.checkMappings(k);
    }

    @Test
    void aWalkHasFiveLevelsWithTheP4dIndexBetweenPgdAndPud() {
        assertWalk(PagingMode.FIVE_LEVEL, List.of(PGD, P4D, PUD, PMD, PTE), List.of(0, 254, 1, 3, 5));
        assertWalk(PagingMode.FOUR_LEVEL, List.of(PGD, PUD, PMD, PTE), List.of(254, 1, 3, 5));
    }

    private static void assertWalk(PagingMode paging, List<PageTableLevel> levels, List<Integer> indices) {
        Kernel k = TestMachines.boot(MEMORY, paging);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        sys.mmap(pid, A, PS, RW, ANON | Mman.MAP_FIXED, -1, 0);
        sys.access(pid, A, true);
        Mm mm = k.tasks().get(pid).mm();
        PageTables.Walk walk = new PageTables(k.pgtables(), mm.la57(), null).walk((int) mm.pgd(), A);
        assertEquals(levels, walk.steps().stream().map(PageTables.Step::level).toList());
        assertEquals(indices, walk.steps().stream().map(PageTables.Step::index).toList());
        assertNotEquals(0, Pagemap.entry(k, mm, A) & Pagemap.PM_PRESENT, "pagemap walks the mm's levels");
    }

    @Test
    void aHintAboveTheFortySevenBitWindowIsHonouredOnlyWithFiveLevels() {
        Kernel k = TestMachines.boot(MEMORY, PagingMode.FIVE_LEVEL);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        assertEquals(BELOW_MMAP_BASE, sys.mmap(pid, 0, PS, RW, ANON, -1, 0), "no hint: below 2^47 as on 4-level");
        assertEquals(HIGH, sys.mmap(pid, HIGH, PS, RW, ANON, -1, 0));
        assertEquals(0, sys.access(pid, HIGH, true));
        Mm mm = k.tasks().get(pid).mm();
        PageTables.Walk walk = new PageTables(k.pgtables(), true, null).walk((int) mm.pgd(), HIGH);
        assertEquals(List.of(16, 0, 0, 0, 0), walk.steps().stream().map(PageTables.Step::index).toList());
        // The hint taken: the search runs up to mmap_base + TASK_SIZE_MAX - DEFAULT_MAP_WINDOW.
        assertEquals((1L << 56) - (1L << 47) + BELOW_MMAP_BASE, sys.mmap(pid, HIGH, PS, RW, ANON, -1, 0));
        InvariantChecker.checkMappings(k);

        Kernel four = TestMachines.boot(MEMORY, PagingMode.FOUR_LEVEL);
        int p4 = (int) four.syscalls().spawn("p");
        assertEquals(BELOW_MMAP_BASE, four.syscalls().mmap(p4, HIGH, PS, RW, ANON, -1, 0), "beyond TASK_SIZE");
        assertEquals(-Errno.ENOMEM, four.syscalls().mmap(p4, HIGH, PS, RW, ANON | Mman.MAP_FIXED, -1, 0));
    }

    @Test
    void exitFreesTheP4dTablesWithTheRest() {
        Kernel k = TestMachines.boot(MEMORY, PagingMode.FIVE_LEVEL);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        sys.mmap(pid, A, PS, RW, ANON | Mman.MAP_FIXED, -1, 0);
        sys.mmap(pid, HIGH, PS, RW, ANON | Mman.MAP_FIXED, -1, 0);
        sys.access(pid, A, true);
        sys.access(pid, HIGH, true);
        // The PGD, then two P4D, PUD, PMD and PTE tables: one set under PGD entry 0, one under 16.
        assertEquals(36, kb(Meminfo.render(k), "PageTables:"));
        assertEquals(0, sys.exit(pid));
        assertEquals(0, kb(Meminfo.render(k), "PageTables:"));
        InvariantChecker.checkMappings(k);
    }

    /** The kB value of the line starting with {@code key}. */
    private static long kb(String file, String key) {
        String line = file.lines().filter(l -> l.startsWith(key)).findFirst().orElseThrow();
        return Long.parseLong(line.substring(key.length()).replace("kB", "").strip());
    }
}
