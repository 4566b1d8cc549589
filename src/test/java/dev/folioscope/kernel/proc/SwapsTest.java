package dev.folioscope.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/** /proc/swaps in swap_show's layout, the numbers worked out from the swap file's size by hand. */
class SwapsTest {
    private static final String HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

    @Test
    void aMachineWithoutSwapShowsTheHeaderAlone() {
        assertEquals(HEADER, Swaps.render(TestMachines.boot(64L << 20)));
    }

    /**
     * A 64 MiB swap file has 16384 pages, the first one its header: Size 16383 × 4 = 65532 KiB.
     * Two pages paged out use two slots: Used 8. "/swapfile" is 9 characters, padded with 31
     * spaces to 40 columns; Size and Used each get a second tab, being under 10000000.
     */
    @Test
    void theSwapFileShowsItsSizeAndTheSlotsInUse() {
        Kernel k = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(64L << 20), 1, Sysctl.defaults(),
                ThpMode.NEVER, PagingMode.FOUR_LEVEL, 64L << 20, MachineConfig.DEFAULT_READ_AHEAD_KB));
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        long a = sys.mmap(pid, 0, 2 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                -1, 0);
        sys.access(pid, a, true);
        sys.access(pid, a + 4096, true);
        assertEquals(HEADER + "/swapfile" + " ".repeat(31) + "file\t\t65532\t\t0\t\t-2\n", Swaps.render(k));

        sys.madvise(pid, a, 2 * 4096, Mman.MADV_PAGEOUT);
        assertEquals(HEADER + "/swapfile" + " ".repeat(31) + "file\t\t65532\t\t8\t\t-2\n", Swaps.render(k));
    }
}
