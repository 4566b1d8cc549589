package dev.folioscope.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * /proc/PID/maps and status in a 6.18 kernel's exact layout: the expected lines are copied from
 * this machine's own /proc/self/maps and status (an anonymous VMA's line ends with "0 ", a name
 * starts at column 74, status numbers are right-aligned in eight columns), with this process's
 * numbers.
 */
class ProcPidTest {
    private final Kernel k = TestMachines.boot(64L << 20);
    private final Syscalls sys = k.syscalls();
    private final int pid = (int) sys.spawn("t");

    @Test
    void mapsPrintsTheHeapStackAndAnAnonymousMapping() {
        long a = sys.mmap(pid, 0x7f0000000000L, 8 * 4096, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, -1, 0);
        assertEquals(0x7f0000000000L, a);
        sys.brk(pid, 0x555555559000L + 4096);
        assertEquals("""
                555555559000-55555555a000 rw-p 00000000 00:00 0                          [heap]
                7f0000000000-7f0000008000 rw-p 00000000 00:00 0\s
                7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
                """, Maps.render(k, mm()));
    }

    @Test
    void statusCountsWhatTheProcessMappedAndTouched() {
        long a = sys.mmap(pid, 0, 4 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                -1, 0);
        sys.access(pid, a, true);
        sys.access(pid, a + 4096, true);
        String status = Status.render(mm());
        // 33 stack pages and 4 mapped; two written; three page tables below the root (PUD, PMD, PTE).
        assertEquals("VmSize:\t     148 kB", status.lines().filter(l -> l.startsWith("VmSize")).findFirst().orElseThrow());
        assertEquals("RssAnon:\t       8 kB", status.lines().filter(l -> l.startsWith("RssAnon")).findFirst()
                .orElseThrow());
        assertEquals("VmPTE:\t      12 kB", status.lines().filter(l -> l.startsWith("VmPTE")).findFirst().orElseThrow());
        assertEquals("HugetlbPages:\t       0 kB", status.lines().reduce((x, y) -> y).orElseThrow());
    }

    private Mm mm() {
        return k.tasks().get(pid).mm();
    }
}
