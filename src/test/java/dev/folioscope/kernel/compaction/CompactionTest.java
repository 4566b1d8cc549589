package dev.folioscope.kernel.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.CompactionEvents.CompactResult;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.recording.RecordingInput;
import dev.folioscope.scenario.ScenarioWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Direct compaction (mm/compaction.c) on the shipped scenario compaction-high-order and by its rules. */
class CompactionTest {
    /**
     * The scenario's process wrote its region four pages at a time, alternating halves, so its
     * folios lie in runs of four: the kept half at 8k..8k+3 of each octet, the unmapped half's
     * free order-2 blocks at 8k+4. Pageblock 0 went Unmovable (the page tables' block), so the
     * migrate scanner starts at the Movable pageblock 0x200; the free scanner takes the last
     * pageblock's free blocks, 0x804, 0x80c..., first in first out, each split from its lowest
     * page. So the folio at 0x200 + 8i + j moves to 0x804 + 8i + j.
     */
    @Test
    void theFirstBatchMovesEachRunOfFourToAFreeRunAtTheTop() {
        RecordingInput input = Catalog.input(Catalog.shipped("compaction-high-order"));
        Kernel k = Kernel.boot(input.machine());
        ScenarioWorkload w = (ScenarioWorkload) input.workload();
        EventCollector events = EventCollector.on(k);
        while (w.runNext(k)) {
            InvariantChecker.checkMappings(k);
        }
        List<EventCollector.Ev> moves = events.of(CompactionEvents.MIGRATE_FOLIO);
        for (int n = 0; n < 32; n++) {
            int i = n / 4;
            int j = n % 4;
            assertEquals(0x200 + 8 * i + j, moves.get(n).arg("src"), "move " + n);
            assertEquals(0x804 + 8 * i + j, moves.get(n).arg("dst"), "move " + n);
        }
        EventCollector.Ev first = events.of(CompactionEvents.ISOLATE_MIGRATEPAGES).getFirst();
        assertEquals(0x200, first.arg("start_pfn"));
        assertEquals(32, first.arg("nr_taken"));
        // the order-4 allocation succeeded after compaction: compact_stall and compact_success once
        assertTrue(events.of(PageAllocEvents.WARN_ALLOC).isEmpty());
        assertEquals(1, k.node().vmEvents(VmEvent.COMPACTSTALL));
        assertEquals(1, k.node().vmEvents(VmEvent.COMPACTSUCCESS));
        assertEquals(moves.size(), k.node().vmEvents(VmEvent.PGMIGRATE_SUCCESS));
        EventCollector.Ev finished = events.of(CompactionEvents.COMPACT_FINISHED).getLast();
        assertEquals(CompactResult.SUCCESS.ordinal(), finished.arg("status"));
        assertEquals(0, finished.arg("migrate_pfn") % 512, "success is seen at a pageblock boundary");
    }

    /**
     * kcompactd, woken for order 4 on the scenario's fragmented zone just before its last step
     * (no free block of order 4 or more):
     * the zone is worth compacting (index 747 above 500), so it is woken, and when it runs it
     * compacts synchronously until an order-4 block is free; its scans count in both the
     * compact_* and compact_daemon_* counters, and the request is cleared.
     */
    @Test
    void kcompactdWokenForOrder4CompactsTheZone() {
        RecordingInput input = Catalog.input(Catalog.shipped("compaction-high-order"));
        Kernel k = Kernel.boot(input.machine());
        ScenarioWorkload w = (ScenarioWorkload) input.workload();
        int ops = 0;
        while (w.runNext(k)) {
            ops++;
        }
        input = Catalog.input(Catalog.shipped("compaction-high-order"));
        k = Kernel.boot(input.machine());
        w = (ScenarioWorkload) input.workload();
        for (int i = 0; i < ops - 1; i++) {
            w.runNext(k);
        }
        Zone dma = k.node().zone(0);
        for (int o = 4; o < Zone.NR_PAGE_ORDERS; o++) {
            assertEquals(0, dma.nrFree(o), "no free block of order 4 or more");
        }
        EventCollector events = EventCollector.on(k);
        Compaction c = k.compaction();
        // kswapd asked for order 9 earlier, which the zone is not worth (it lacks order 9's compact_gap
        // of free pages), so kcompactd never ran; no idle time passed for its timed wait to run out
        // and clear that request
        assertEquals(9, k.node().kcompactdMaxOrder());
        k.node().setKcompactd(0, 0, false);
        c.wakeupKcompactd(4, 0);
        assertEquals(1, events.of(CompactionEvents.WAKEUP_KCOMPACTD).getFirst().arg("woken"));
        c.runKcompactd();
        assertEquals(1, k.node().vmEvents(VmEvent.KCOMPACTD_WAKE));
        assertEquals(CompactResult.SUCCESS.ordinal(), events.of(CompactionEvents.COMPACT_FINISHED).getLast()
                .arg("status"));
        assertTrue(dma.nrFree(4) > 0, "an order-4 block is free");
        assertEquals(k.node().vmEvents(VmEvent.COMPACTMIGRATE_SCANNED),
                k.node().vmEvents(VmEvent.KCOMPACTD_MIGRATE_SCANNED));
        assertTrue(k.node().vmEvents(VmEvent.KCOMPACTD_MIGRATE_SCANNED) > 0);
        assertEquals(0, k.node().kcompactdMaxOrder(), "done until woken again");
        InvariantChecker.checkMappings(k);
    }

    /**
     * fragmentation_index by hand: 201 free blocks (one page and 200 order-2 blocks) hold 801
     * pages; for order 4: 1000 - (1000 + 801 × 1000 / 16) / 201 = 1000 - 51062 / 201 = 1000 - 254
     * = 746. With a free block of the order it is -1000; with no free page, 0.
     */
    @Test
    void fragmentationIndex() {
        Kernel k = TestMachines.boot(64 << 20);
        Zone z = k.node().zonelistZone(0);
        assertEquals(-1000, Compaction.fragmentationIndex(z, 4), "a freshly booted zone has whole free blocks");
        assertEquals(746, 1000 - (1000 + 801L * 1000 / 16) / 201);
    }

    /**
     * Deferral: after a failure, compaction_deferred skips 2^shift attempts; defer_reset after a
     * success clears it. Worked through defer_compaction twice (shift 1, then 2) and the counts.
     */
    @Test
    void deferral() {
        Kernel k = TestMachines.boot(64 << 20);
        Zone z = k.node().zonelistZone(0);
        Compaction c = k.compaction();
        c.deferCompaction(z, 4);
        assertEquals(1, z.compactDeferShift());
        assertEquals(0, z.compactOrderFailed(), "compact_order_failed starts at 0 and only goes down");
        assertTrue(c.compactionDeferred(z, 4), "1 of 2^1 skipped");
        assertTrue(!c.compactionDeferred(z, 4), "the second reaches the limit: tried");
        c.deferCompaction(z, 4);
        assertEquals(2, z.compactDeferShift());
        assertTrue(c.compactionDeferred(z, 4));
        assertTrue(c.compactionDeferred(z, 4));
        assertTrue(c.compactionDeferred(z, 4));
        assertTrue(!c.compactionDeferred(z, 4), "the fourth of 2^2 is tried");
        c.deferReset(z, 4, true);
        assertEquals(0, z.compactDeferShift());
        assertEquals(5, z.compactOrderFailed());
        assertTrue(!c.compactionDeferred(z, 4), "order 4 is below the failed order 5 now");
    }
}
