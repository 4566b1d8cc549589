package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.trace.FolioReclaim;
import dev.folioscope.kernel.trace.VmscanEvents;
import dev.folioscope.recording.EventLog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LRU moves and the scan window on page-cache-reclaim, as its notes tell them: every page
 * read is a new folio on inactive_file; direct reclaim finds each folio it tries clean and
 * unreferenced by any PTE, so it evicts all it tries (after draining the lru_add batch onto
 * inactive_file); what is evicted is what /proc/vmstat
 * counts as stolen.
 */
class LruMovesTest {
    private static Recording rec;
    private static int tryToFreePages;

    @BeforeAll
    static void record() {
        rec = Recorder.record(Catalog.input(Catalog.shipped("page-cache-reclaim")), n -> { });
        tryToFreePages = 1;
        while (rec.events().type(tryToFreePages) != VmscanEvents.TRY_TO_FREE_PAGES) {
            tryToFreePages++;
        }
    }

    @Test
    void overTheWholeRecordingEvictionsAreWhatVmstatCountsAsStolen() {
        LruMoves.Counts all = LruMoves.count(rec.events(), 0, rec.lastStep());
        long stolen = rec.counters().reclaimEvent(VmEvent.PGSTEAL_KSWAPD, rec.lastStep())
                + rec.counters().reclaimEvent(VmEvent.PGSTEAL_DIRECT, rec.lastStep());
        assertThat(all.byMove().get(LruMoves.Move.EVICT)).isEqualTo((int) stolen).isPositive();
        // a file read and nothing mapped: folios only ever join the inactive file list
        assertThat(all.flows().keySet()).filteredOn(f -> f.move() == LruMoves.Move.ADD)
                .extracting(LruMoves.Flow::to).containsOnly("inactive_file");
        assertThat(all.flows().keySet()).extracting(LruMoves.Flow::from)
                .doesNotContain("inactive_anon", "active_anon");
    }

    @Test
    void theFirstDirectReclaimEvictsEveryFolioItTries() {
        int returned = rec.timeline().stepOver(tryToFreePages);
        LruMoves.Counts c = LruMoves.count(rec.events(), tryToFreePages, returned - 1);
        LruMoves.Flow evict = new LruMoves.Flow("inactive_file", LruMoves.Move.EVICT, LruMoves.EVICTED);
        LruMoves.Flow add = new LruMoves.Flow(LruMoves.NEW, LruMoves.Move.ADD, "inactive_file");
        assertThat(c.flows()).containsOnlyKeys(evict, add).containsEntry(evict,
                (int) rec.events().result(tryToFreePages));
        // shrink_inactive_list drains the CPU's lru_add batch first: a folio_batch holds at most 31
        assertThat(c.flows().get(add)).isBetween(1, 31);
    }

    @Test
    void theScanWindowIsWhatIsolateLruFoliosTookAndFillsAsFoliosAreDecided() {
        EventLog log = rec.events();
        int isolate = tryToFreePages;
        while (log.type(isolate) != VmscanEvents.LRU_ISOLATE) {
            isolate++;
        }
        long taken = log.args(isolate)[VmscanEvents.LRU_ISOLATE.schema().indexOf("nr_taken")];
        LruScanWindow w = LruScanWindow.at(log, isolate);
        assertThat(w.list()).isEqualTo(LruList.INACTIVE_FILE);
        assertThat(w.call()).isEqualTo(log.parent(isolate));
        assertThat(w.decisions()).hasSize((int) taken);
        int first = w.decisions().keySet().iterator().next();
        assertThat(w.decided(first, isolate)).isNull();
        int decidedAt = (int) w.decisions().get(first)[0];
        assertThat(log.type(decidedAt)).isEqualTo(VmscanEvents.SHRINK_FOLIO);
        assertThat(w.decided(first, decidedAt)).isEqualTo(FolioReclaim.RECLAIMED);
        assertThat(LruScanWindow.at(log, tryToFreePages)).isNull();
    }

    @Test
    void everyOutcomeOfShrinkFolioListIsAMoveByItsKernelLabel() {
        assertThat(LruMoves.moveOf(FolioReclaim.RECLAIMED)).isEqualTo(LruMoves.Move.EVICT);
        assertThat(LruMoves.moveOf(FolioReclaim.ACTIVATE_REFERENCED)).isEqualTo(LruMoves.Move.ACTIVATE);
        assertThat(LruMoves.moveOf(FolioReclaim.ACTIVATE_DIRTY)).isEqualTo(LruMoves.Move.ACTIVATE);
        assertThat(LruMoves.moveOf(FolioReclaim.KEEP_REFERENCED)).isEqualTo(LruMoves.Move.ROTATE);
        assertThat(LruMoves.moveOf(FolioReclaim.KEEP_BUSY)).isEqualTo(LruMoves.Move.ROTATE);
    }

    /**
     * workingset-refaults: the refaults the Sankey shows are the activated ones, what /proc/vmstat
     * counts as workingset_activate_file (2048 by the scenario's notes: the whole 1536-page loop on
     * its second pass, and the 512-page hot set at the end), each from the evicted side to the
     * active file list.
     */
    @Test
    void activatedRefaultsGoFromEvictedToTheActiveFileList() {
        Recording ws = Recorder.record(Catalog.input(Catalog.shipped("workingset-refaults")), n -> { });
        LruMoves.Counts all = LruMoves.count(ws.events(), 0, ws.lastStep());
        LruMoves.Flow refault = new LruMoves.Flow(LruMoves.EVICTED, LruMoves.Move.REFAULT, "active_file");
        assertThat(all.flows()).containsEntry(refault, 2048);
        assertThat(all.byMove().get(LruMoves.Move.REFAULT)).isEqualTo(2048);
    }
}
