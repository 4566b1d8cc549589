package dev.folioscope.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.VmscanEvents;
import dev.folioscope.kernel.trace.WorkloadEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay checks every field of every event against the recording and names the first difference;
 * navigation by nesting follows the event structure. The workloads here write their events by
 * hand, so the expected steps and messages are known without running the allocator.
 */
class ReplayTest {
    /** A point event with one field, to stand alone between operations. */
    private static final EventType MARKER = VmscanEvents.KSWAPD_FAILED;

    private static Recording record(List<ScriptedWorkload.Op> ops) {
        return Recorder.record(ScriptedWorkload.input(ops), n -> { });
    }

    private static void assertDiverges(Recording r, int seekTo, String expected) {
        var e = assertThrows(ReplayDivergedException.class, () -> r.timeline().seek(seekTo));
        assertEquals(expected, e.getMessage());
    }

    /**
     * A call opened in one operation and closed by a later one that reports nothing (as a step of
     * touches of mapped pages ends): a checkpoint taken between the two sits inside the call even
     * though the next event is outside it, and seeking past it still replays.
     */
    @Test
    void aCheckpointInsideACallClosedSilentlyIsReplayedInsideIt() {
        Recording r = record(List.of(
                (k, t, gen) -> {
                    t.enter(WorkloadEvents.STEP, 0);
                    for (int i = 0; i < Recorder.INITIAL_INTERVAL; i++) {
                        t.point(MARKER, i);
                    }
                },
                (k, t, gen) -> t.exit(0),
                (k, t, gen) -> t.point(MARKER, -1)));
        int last = r.lastStep();
        assertEquals(Recorder.INITIAL_INTERVAL + 2, last);
        assertEquals(0, r.events().depth(last), "the last marker is outside the step");
        assertEquals(last, r.timeline().seek(last).step());
    }

    @Test
    void aDifferentPfnIsReportedWithBothValues() {
        Recording r = record(List.of(
                (k, t, gen) -> t.point(MARKER, 0),
                (k, t, gen) -> t.point(PageAllocEvents.DEL_PAGE_FROM_FREE_LIST, 0, gen == 0 ? 0x200 : 0x400, 0, 1)));
        assertEquals(1, r.timeline().seek(1).step(), "the first operation replays the same");
        assertDiverges(r, 2, "replay diverged at step 2 (__del_page_from_free_list): recorded pfn 0x200, replayed pfn"
                + " 0x400");
    }

    @Test
    void everyFieldThatDiffersIsNamed() {
        Recording r = record(List.of((k, t, gen) -> {
            k.setCpu(gen == 0 ? 0 : 1);
            t.point(PageAllocEvents.ADD_TO_FREE_LIST, 0, 0x10, gen == 0 ? 2 : 3, 1, gen == 0 ? 1 : 0);
        }));
        assertDiverges(r, 1, "replay diverged at step 1 (__add_to_free_list): recorded cpu 0, replayed cpu 1; recorded"
                + " order 2, replayed order 3; recorded tail true, replayed tail false");
    }

    @Test
    void theTaskAnEventRanForIsCompared() {
        Recording r = record(List.of((k, t, gen) -> {
            t.setPid(gen == 0 ? 1 : 2);
            t.point(PageAllocEvents.ZONE_WATERMARK_OK, 0, 0, 1, 1);
        }));
        assertDiverges(r, 1, "replay diverged at step 1 (zone_watermark_ok): recorded pid 1, replayed pid 2");
    }

    @Test
    void aDifferentFieldOfALeafIsReported() {
        Recording r = record(List.of((k, t, gen) -> t.point(PageAllocEvents.ZONE_WATERMARK_OK, 0, 0, 1,
                gen == 0 ? 1 : 0)));
        assertDiverges(r, 1, "replay diverged at step 1 (zone_watermark_ok): recorded ok true, replayed ok false");
    }

    @Test
    void aDifferentResultOfACallIsReportedWhenItReturns() {
        Recording r = record(List.of(
                (k, t, gen) -> {
                    t.enter(PageAllocEvents.RMQUEUE, 0, 0, 1, 0);
                    t.point(PageAllocEvents.PREP_NEW_PAGE, 0, 0x20, 0, 1, 0);
                    t.exit(gen == 0 ? 0x20 : 0x40);
                },
                (k, t, gen) -> t.point(MARKER, 1)));
        assertEquals(2, r.timeline().seek(2).step(), "the call's result is not known before it returns");
        assertDiverges(r, 3, "replay diverged at step 1 (rmqueue) on return: recorded result 0x20, replayed result 0x40");
    }

    @Test
    void aDifferentEventIsReportedByType() {
        Recording r = record(List.of((k, t, gen) -> {
            if (gen == 0) {
                t.point(PageAllocEvents.DEL_PAGE_FROM_FREE_LIST, 0, 0, 0, 1);
            } else {
                t.point(PageAllocEvents.FREE_PAGES_PREPARE, 0, 0, 0, 1);
            }
        }));
        assertDiverges(r, 1, "replay diverged at step 1: recorded __del_page_from_free_list, replayed"
                + " free_pages_prepare");
    }

    @Test
    void aDifferentNestingIsReportedAsDepthAndParent() {
        Recording r = record(List.of((k, t, gen) -> {
            t.enter(WorkloadEvents.STEP, 0);
            if (gen != 0) {
                t.exit(1);
            }
            t.point(PageAllocEvents.WARN_ALLOC, 0, 0, 0, 0);
            if (gen == 0) {
                t.exit(1);
            }
        }));
        assertDiverges(r, 2, "replay diverged at step 2 (warn_alloc): recorded depth 1, replayed depth 0; recorded"
                + " parent 1, replayed parent 0");
    }

    /**
     * Steps 1-5 are one operation: STEP (depth 0) holding A (1), B (1) which holds C (2), and D (1);
     * step 6 is a top-level E; steps 7-11 are STEP holding F (1) holding G (2) holding H (3), then I (1).
     */
    @Test
    void stepBackOverLandsOnThePreviousEventAtTheSameOrALowerDepth() {
        Recording r = record(List.of(
                (k, t, gen) -> {
                    t.enter(WorkloadEvents.STEP, 0);
                    t.point(PageAllocEvents.ZONE_WATERMARK_OK, 0, 0, 1, 1);
                    t.enter(PageAllocEvents.RMQUEUE, 0, 0, 1, 0);
                    t.point(PageAllocEvents.PREP_NEW_PAGE, 0, 0, 0, 1, 0);
                    t.exit(0);
                    t.point(PageAllocEvents.ZONE_WATERMARK_OK, 0, 0, 1, 1);
                    t.exit(2);
                },
                (k, t, gen) -> t.point(MARKER, 0),
                (k, t, gen) -> {
                    t.enter(WorkloadEvents.STEP, 1);
                    t.enter(PageAllocEvents.ALLOC_PAGES, 0, 0, 1);
                    t.enter(PageAllocEvents.GET_PAGE_FROM_FREELIST, 0, 1, 0);
                    t.point(PageAllocEvents.ZONE_WATERMARK_OK, 0, 0, 1, 0);
                    t.exit(-1);
                    t.exit(-1);
                    t.point(PageAllocEvents.WARN_ALLOC, 0, 1, 0, 0);
                    t.exit(1);
                }));
        assertEquals(11, r.lastStep());
        int[] depths = {0, 1, 1, 2, 1, 0, 0, 1, 2, 3, 1};
        for (int s = 1; s <= 11; s++) {
            assertEquals(depths[s - 1], r.events().depth(s), "depth of step " + s);
        }
        int[] expected = {0, 0, 1, 2, 3, 3, 1, 6, 7, 8, 9, 8};
        Timeline t = r.timeline();
        for (int s = 0; s <= 11; s++) {
            assertEquals(expected[s], t.stepBackOver(s), "step back over from step " + s);
        }
    }

    /** The expectation is a plain scan of the depths, not the method's own loop. */
    @Test
    void stepBackOverOnAShippedScenarioMatchesAScanOfTheDepths() {
        Recording r = Recorder.record(Catalog.input(Catalog.shipped("buddy-split-merge")), n -> { });
        EventLog log = r.events();
        Timeline t = r.timeline();
        for (int s = 2; s <= r.lastStep(); s++) {
            int expected = 0;
            for (int p = 1; p < s; p++) {
                if (log.depth(p) <= log.depth(s)) {
                    expected = p;
                }
            }
            assertEquals(expected, t.stepBackOver(s), "step back over from step " + s);
        }
    }
}
