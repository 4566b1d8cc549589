package dev.folioscope.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.task.Syscalls;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * zoneinfo's nr_zone_write_pending and nr_mlock, each zone's own counters, moved where 6.18
 * moves them (mm/page-writeback.c: folio_account_dirtied, folio_clear_dirty_for_io,
 * __folio_start_writeback, __folio_end_writeback; mm/mlock.c: mlock_folio, mlock_new_folio,
 * __munlock_folio; mm/page_alloc.c: free_pages_prepare), and /proc/vmstat's and meminfo's sums.
 */
class ZoneinfoWritePendingMlockTest {
    private static final long PS = 4096;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    /** The value of counter {@code name} in zone {@code zone}'s part of /proc/zoneinfo. */
    private static long zoneinfo(Kernel k, String zone, String name) {
        String text = ProcFile.ZONEINFO.render(k);
        int at = text.indexOf(String.format("Node 0, zone %8s\n", zone));
        assertTrue(at >= 0, zone);
        int next = text.indexOf("Node 0, zone", at + 1);
        String part = text.substring(at, next < 0 ? text.length() : next);
        Matcher m = Pattern.compile("\n +" + name + " +(\\d+)\n").matcher(part);
        assertTrue(m.find(), name + " in zone " + zone);
        return Long.parseLong(m.group(1));
    }

    private static long vmstat(Kernel k, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(ProcFile.VMSTAT.render(k));
        assertTrue(m.find(), name);
        return Long.parseLong(m.group(1));
    }

    /** A new mapping of {@code pages} pages with these MAP_ flags, each written once; its address. */
    private static long writtenMapping(Syscalls sys, int pid, int pages, int flags) {
        long a = sys.mmap(pid, 0, pages * PS, RW, flags, -1, 0);
        for (int i = 0; i < pages; i++) {
            sys.access(pid, a + i * PS, true);
        }
        return a;
    }

    private static long meminfoKb(Kernel k, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": +(\\d+) kB$").matcher(ProcFile.MEMINFO.render(k));
        assertTrue(m.find(), name);
        return Long.parseLong(m.group(1));
    }

    /**
     * Three pages written to a file are dirty in DMA32, where user pages come from: write-pending
     * 3. fadvise(DONTNEED) writes them: folio_clear_dirty_for_io takes each off and
     * __folio_start_writeback puts it back, so 3 while under writeback; the disk's completion
     * (__folio_end_writeback) brings it to 0. DMA stays 0 throughout.
     */
    @Test
    void dirtyThenWrittenFilePagesArePendingUntilTheirWritesComplete() {
        Kernel k = TestMachines.boot(64L << 20);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        int fd = (int) sys.open(pid, k.createFile("log", 3), true);
        assertEquals(0, zoneinfo(k, "DMA32", "nr_zone_write_pending"));

        assertEquals(3 * PS, sys.pwrite(pid, fd, 0, 3));
        assertEquals(3, zoneinfo(k, "DMA32", "nr_zone_write_pending"));
        assertEquals(0, zoneinfo(k, "DMA", "nr_zone_write_pending"));
        assertEquals(3, vmstat(k, "nr_zone_write_pending"));
        InvariantChecker.checkMappings(k);

        sys.fadvise(pid, fd, 0, 3, Fadvise.Advice.DONTNEED);
        assertEquals(0, meminfoKb(k, "Dirty"));
        assertEquals(12, meminfoKb(k, "Writeback"));
        assertEquals(3, zoneinfo(k, "DMA32", "nr_zone_write_pending"), "under writeback, still pending");
        InvariantChecker.checkMappings(k);

        k.schedule();
        assertEquals(0, meminfoKb(k, "Writeback"));
        assertEquals(0, zoneinfo(k, "DMA32", "nr_zone_write_pending"));
        assertEquals(0, vmstat(k, "nr_zone_write_pending"));
        InvariantChecker.checkMappings(k);
    }

    /** shmem has no writeback (mapping_can_writeback false): its dirty pages are never pending. */
    @Test
    void dirtyShmemPagesAreNotPending() {
        Kernel k = TestMachines.boot(64L << 20);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        writtenMapping(sys, pid, 4, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS);
        assertEquals(16, meminfoKb(k, "Shmem"));
        assertEquals(0, zoneinfo(k, "DMA32", "nr_zone_write_pending"));
        assertEquals(0, vmstat(k, "nr_zone_write_pending"));
        InvariantChecker.checkMappings(k);
    }

    /**
     * 3072 pages faulted in and mlocked on a 24 MiB machine: DMA32 (2048 pages) cannot hold them
     * all, so the allocator falls back to DMA and each zone's nr_mlock counts its own share; the
     * shares add up to /proc/vmstat's nr_mlock and meminfo's Mlocked. munlock takes them all
     * back (__munlock_folio).
     */
    @Test
    void mlockedPagesAreCountedInTheZoneThatHoldsThem() {
        Kernel k = TestMachines.boot(24L << 20);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        int pages = 3072;
        long a = writtenMapping(sys, pid, pages, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS);
        assertEquals(0, vmstat(k, "nr_mlock"));

        assertEquals(0, sys.mlock(pid, a, pages * PS));
        long dma = zoneinfo(k, "DMA", "nr_mlock");
        long dma32 = zoneinfo(k, "DMA32", "nr_mlock");
        assertTrue(dma > 0 && dma32 > 0, "both zones hold mlocked pages: DMA " + dma + ", DMA32 " + dma32);
        assertEquals(pages, dma + dma32);
        assertEquals(pages, vmstat(k, "nr_mlock"));
        assertEquals(pages * 4L, meminfoKb(k, "Mlocked"));
        InvariantChecker.checkMappings(k);

        assertEquals(0, sys.munlock(pid, a, pages * PS));
        assertEquals(0, zoneinfo(k, "DMA", "nr_mlock"));
        assertEquals(0, zoneinfo(k, "DMA32", "nr_mlock"));
        assertEquals(0, meminfoKb(k, "Mlocked"));
        InvariantChecker.checkMappings(k);
    }

    /**
     * A MAP_LOCKED mapping's new folios are mlocked as they fault in (mlock_new_folio); munmap
     * frees them still mlocked and free_pages_prepare takes them off nr_mlock.
     */
    @Test
    void aLockedMappingsFoliosCountFromTheirFaultToTheirFree() {
        Kernel k = TestMachines.boot(64L << 20);
        Syscalls sys = k.syscalls();
        int pid = (int) sys.spawn("p");
        long a = sys.mmap(pid, 0, 8 * PS, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_LOCKED, -1, 0);
        assertEquals(8, zoneinfo(k, "DMA32", "nr_mlock"), "MAP_LOCKED populates the mapping");
        assertEquals(32, meminfoKb(k, "Mlocked"));
        InvariantChecker.checkMappings(k);

        assertEquals(0, sys.munmap(pid, a, 8 * PS));
        assertEquals(0, zoneinfo(k, "DMA32", "nr_mlock"));
        assertEquals(0, vmstat(k, "nr_mlock"));
        InvariantChecker.checkMappings(k);
    }
}
