package dev.folioscope.kernel.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/** /proc/meminfo in 6.18's layout, with the lines the model now fills following what processes do. */
class MeminfoTest {
    @Test
    void anonymousPagesAndPageTablesShowAsTheKernelCountsThem() {
        Kernel k = TestMachines.boot(64L << 20);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("t");
        long a = sys.mmap(pid, 0, 8 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                -1, 0);
        for (int i = 0; i < 3; i++) {
            sys.access(pid, a + i * 4096L, true);
        }
        String meminfo = Meminfo.render(k);
        // 3 written pages; the PGD and the PUD, PMD and PTE tables under the mapping; the stack's
        // 33 pages and the 8 mapped are charged (private writable) to Committed_AS.
        assertThat(meminfo).contains("\nAnonPages:            12 kB\n").contains("\nPageTables:           16 kB\n")
                .contains("\nCommitted_AS:        164 kB\n").startsWith("MemTotal:          65536 kB\n")
                .contains("\nHugePages_Total:       0\n").endsWith(" kB\n");
        assertThat(meminfo.lines()).hasSize(54);
    }
}
