package dev.folioscope.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.trace.VmscanEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The counters the memory-pressure views draw, on page-cache-reclaim: the LRU list sizes and
 * reclaim's scan/steal counts over time, as the kernel had them at each step.
 */
class ReclaimCountersTest {
    private static Recording rec;

    @BeforeAll
    static void record() {
        rec = Recorder.record(Catalog.input(Catalog.shipped("page-cache-reclaim")), n -> { });
    }

    @Test
    void theBootedMachineHasEmptyListsAndHasReclaimedNothing() {
        Counters c = rec.counters();
        for (LruList l : LruList.values()) {
            assertThat(c.lruSize(l, 0)).as(l.kernelName()).isZero();
        }
        for (VmEvent e : Counters.RECLAIM_EVENTS) {
            assertThat(c.reclaimEvent(e, 0)).as(e.vmstatName()).isZero();
        }
    }

    @Test
    void directReclaimCountsWhatTryToFreePagesReclaimed() {
        EventLog log = rec.events();
        int call = 1;
        while (log.type(call) != VmscanEvents.TRY_TO_FREE_PAGES) {
            call++;
        }
        int returned = rec.timeline().stepOver(call);
        Counters c = rec.counters();
        // Nothing was reclaimed before the first direct reclaim but what kswapd did; the call adds
        // its result to pgsteal_direct and scans at least as much as it reclaims.
        long stolen = c.reclaimEvent(VmEvent.PGSTEAL_DIRECT, returned - 1) - c.reclaimEvent(VmEvent.PGSTEAL_DIRECT,
                call - 1);
        assertThat(c.reclaimEvent(VmEvent.PGSTEAL_DIRECT, call - 1)).isZero();
        assertThat(stolen).isEqualTo(log.result(call)).isGreaterThanOrEqualTo(32);
        assertThat(c.reclaimEvent(VmEvent.PGSCAN_DIRECT, returned - 1)).isGreaterThanOrEqualTo(stolen);
        // the scenario reads a file and maps nothing: reclaim only ever touches the file lists
        assertThat(c.lruSize(LruList.INACTIVE_ANON, rec.lastStep())).isZero();
        assertThat(c.lruSize(LruList.ACTIVE_ANON, rec.lastStep())).isZero();
    }

    @Test
    void everySampledValueIsTheKernelsAtThatStep() {
        Timeline t = rec.timeline();
        Counters c = rec.counters();
        int last = rec.lastStep();
        for (int i = 0; i <= 24; i++) {
            int step = (int) ((long) last * i / 24);
            Kernel k = t.seek(step).kernel();
            for (LruList l : LruList.values()) {
                assertThat(c.lruSize(l, step)).as(l.kernelName() + " at " + step)
                        .isEqualTo(k.node().lruvec().size(l));
            }
            for (VmEvent e : Counters.RECLAIM_EVENTS) {
                assertThat(c.reclaimEvent(e, step)).as(e.vmstatName() + " at " + step)
                        .isEqualTo(k.node().vmEvents(e));
            }
        }
    }
}
