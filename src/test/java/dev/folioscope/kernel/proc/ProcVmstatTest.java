package dev.folioscope.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.task.Syscalls;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /proc/vmstat: the lines of a 6.18 machine's file, in its order, with the counters worked out by
 * hand for what each test does (on 64 MiB machines, whose user pages come from DMA32).
 */
class ProcVmstatTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    @Test
    void theLinesAreThoseOfTheDevelopmentMachinesInTheirOrder() throws IOException {
        List<String> golden = ZoneinfoConformanceTest.resource("golden/vmstat-names-6.18.txt").lines()
                .filter(l -> !l.startsWith("#")).toList();
        String vmstat = ProcFile.VMSTAT.render(TestMachines.boot(64L << 20));
        assertEquals(golden, vmstat.lines().map(l -> l.substring(0, l.indexOf(' '))).toList());
        assertTrue(vmstat.lines().allMatch(l -> l.matches("[a-z0-9_]+ \\d+")), vmstat);
    }

    @Test
    void everyModelledNodeCounterIsPrinted() {
        for (NodeStat item : NodeStat.values()) {
            assertTrue(NodeStats.NAMES.contains(item.vmstatName()), item.vmstatName());
        }
    }

    @Test
    void bootFreesEveryManagedPageAndAllocatesNone() {
        Map<String, Long> v = vmstat(TestMachines.boot(64L << 20));
        // memblock_free_all: __free_pages_core → __free_pages_ok → free_one_page counts each block
        assertEquals(16384, v.get("pgfree"));
        assertEquals(16384, v.get("nr_free_pages"));
        assertEquals(0, v.get("pgalloc_dma") + v.get("pgalloc_dma32") + v.get("pgalloc_normal"));
        // one 128 MiB section of 32768 struct pages of 64 bytes
        assertEquals(512, v.get("nr_memmap_boot_pages"));
    }

    @Test
    void fourAnonymousWriteFaultsCountFourFaultsAndSevenPages() {
        Kernel k = TestMachines.boot(64L << 20);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("t");
        long a = sys.mmap(pid, 0, 8 * 4096, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Map<String, Long> before = vmstat(k);
        for (int i = 0; i < 4; i++) {
            sys.access(pid, a + i * 4096L, true);
        }
        Map<String, Long> after = vmstat(k);
        assertEquals(4, after.get("pgfault") - before.get("pgfault"));
        // four folios, and the PUD, PMD and PTE tables the first fault puts under the PGD
        assertEquals(7, after.get("pgalloc_dma32") - before.get("pgalloc_dma32"));
        assertEquals(7, after.get("numa_hit") - before.get("numa_hit"));
        assertEquals(3, after.get("nr_page_table_pages") - before.get("nr_page_table_pages"));
        assertEquals(4, after.get("nr_anon_pages"));
        assertEquals(0, after.get("pgmajfault"));
        // a second write to a page already writable does not fault
        sys.access(pid, a, true);
        assertEquals(after.get("pgfault"), vmstat(k).get("pgfault"));
    }

    @Test
    void aColdFileReadFaultIsOneMajorFaultCountedOnceThoughRetried() {
        Kernel k = TestMachines.boot(64L << 20);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("t");
        int fd = (int) sys.open(pid, k.createFile("data", 32), false);
        long a = sys.mmap(pid, 0, 32 * 4096, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0);
        Map<String, Long> before = vmstat(k);
        sys.access(pid, a + 8 * 4096L, false);
        Map<String, Long> after = vmstat(k);
        // filemap_fault misses (pgmajfault) and returns VM_FAULT_RETRY, which mm_account_fault
        // does not count; the retry completes and counts the one pgfault.
        assertEquals(1, after.get("pgmajfault") - before.get("pgmajfault"));
        assertEquals(1, after.get("pgfault") - before.get("pgfault"));
        // the 32-page readaround window: 32 x 8 sectors, printed in kB
        assertEquals(128, after.get("pgpgin") - before.get("pgpgin"));
        // its 32 folios and three page tables
        assertEquals(35, after.get("pgalloc_dma32") - before.get("pgalloc_dma32"));
        assertEquals(32, after.get("nr_file_pages"));
        // a second read, in the fault-around block already mapped: no fault at all
        sys.access(pid, a + 9 * 4096L, false);
        assertEquals(after.get("pgfault"), vmstat(k).get("pgfault"));
    }

    @Test
    void aFruitlessDirectReclaimStallsTwiceAndKswapdRunsUntilTheNodeIsHopeless() {
        // 16 MiB: ZONE_DMA only, min 128, low 160, high 192; filled to exactly 128 free pages
        Kernel k = TestMachines.boot(16L << 20);
        TestMachines.allocMovable(k, 10, 10, 10, 9, 8, 7);
        assertEquals(-1, k.pageAlloc().allocPages(Gfp.GFP_KERNEL, 0));
        k.schedule();
        Map<String, Long> v = vmstat(k);
        // one try_to_free_pages for a GFP_KERNEL request (reclaim_idx Normal): two passes
        assertEquals(2, v.get("allocstall_normal"));
        // balance_pgdat runs reclaiming nothing until kswapd_failures reaches 16; after each of
        // the first 15 the node is neither balanced nor hopeless, so kswapd does not even nap
        assertEquals(16, v.get("pageoutrun"));
        assertEquals(15, v.get("kswapd_high_wmark_hit_quickly"));
        assertEquals(0, v.get("kswapd_low_wmark_hit_quickly"));
        assertEquals(0, v.get("oom_kill"));
    }

    @Test
    void theDirtyThresholdsFollowTheDefaultRatiosOfTheDirtyableMemory() {
        // One DMA32 zone of 16384 pages: min_free_kbytes 1024, so min 256, high 256 + 2 x 64 =
        // 384 and no lowmem_reserve: totalreserve_pages 384. Dirtyable: 16384 - 384 + 0 file + 1
        // = 16001; thresholds 819 x 16001 / 4096 and 409 x 16001 / 4096.
        Map<String, Long> v = vmstat(TestMachines.oneZone(ZoneType.DMA32, 4096, 16384, 16384, 16384));
        assertEquals(16384, v.get("nr_free_pages"));
        assertEquals(3199, v.get("nr_dirty_threshold"));
        assertEquals(1597, v.get("nr_dirty_background_threshold"));
    }

    private static Map<String, Long> vmstat(Kernel k) {
        Map<String, Long> values = new HashMap<>();
        for (String line : ProcFile.VMSTAT.render(k).split("\n")) {
            String[] f = line.split(" ");
            values.put(f[0], Long.parseLong(f[1]));
        }
        return values;
    }
}
