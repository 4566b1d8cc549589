package dev.folioscope.kernel.filemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.proc.ProcFile;
import dev.folioscope.kernel.task.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * balance_dirty_pages (mm/page-writeback.c) against the limits /proc/vmstat prints, on a 16 MiB
 * machine written one page at a time: background writeback is started once more pages are dirty
 * than nr_dirty_background_threshold, and the writer is throttled once dirty and writeback pages
 * pass the free-run ceiling, (nr_dirty_threshold + nr_dirty_background_threshold) / 2.
 */
class DirtyThrottleTest {
    private final Kernel k = TestMachines.boot(16L << 20);
    private final Syscalls sys = k.syscalls();
    private final int pid = (int) sys.spawn("w");

    private long vmstat(String name) {
        return ProcFile.VMSTAT.render(k).lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Long.parseLong(l.substring(name.length() + 1))).orElseThrow();
    }

    private long stat(NodeStat s) {
        return k.node().stat(s);
    }

    /**
     * Below the background threshold nothing is written; the first page over it queues the
     * flusher's background work (not run yet: no scheduling point); pages keep being dirtied
     * until dirty + writeback would pass the free-run ceiling, and the write that passes it
     * returns with the dirty pages written down to the background threshold and every write
     * completed — all the others written, none left under writeback.
     */
    @Test
    void aWriterIsThrottledAtTheFreerunCeilingAndLeftAtTheBackgroundThreshold() {
        int fd = (int) sys.open(pid, k.createFile("log", 2048), true);
        boolean queued = false;
        for (int page = 0; page < 2048; page++) {
            long bg = vmstat("nr_dirty_background_threshold");
            long freerun = (vmstat("nr_dirty_threshold") + bg) / 2;
            long dirtyBefore = stat(NodeStat.NR_FILE_DIRTY);
            sys.pwrite(pid, fd, page, 1);
            if (stat(NodeStat.NR_WRITTEN) > 0) {
                assertTrue(queued, "background writeback was started before the throttle");
                assertTrue(dirtyBefore + 1 > freerun, "throttled only above the free-run ceiling");
                assertEquals(vmstat("nr_dirty_background_threshold"), stat(NodeStat.NR_FILE_DIRTY));
                assertEquals(0, stat(NodeStat.NR_WRITEBACK));
                assertEquals(page + 1 - stat(NodeStat.NR_FILE_DIRTY), stat(NodeStat.NR_WRITTEN));
                return;
            }
            assertEquals(dirtyBefore + 1, stat(NodeStat.NR_FILE_DIRTY), "nothing written yet");
            if (stat(NodeStat.NR_FILE_DIRTY) > bg) {
                assertTrue(k.bdi().background(), "more dirty pages than the background threshold");
                queued = true;
            } else {
                assertFalse(k.bdi().background());
            }
        }
        throw new AssertionError("2048 dirty pages on a 16 MiB machine were never throttled");
    }
}
