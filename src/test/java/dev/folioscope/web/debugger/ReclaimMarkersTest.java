package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.trace.WorkloadEvents;
import dev.folioscope.recording.EventLog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reclaim timeline's markers on page-cache-reclaim, checked against the scenario's notes: a
 * kswapd run first in step 4 (a watermark boost), the first direct reclaim in step 8, kswapd
 * woken and put to sleep again after steps 8, 9 and 10, no compaction and no OOM.
 */
class ReclaimMarkersTest {
    private static final int WAKE = 0;
    private static final int SLEEP = 1;
    private static final int DIRECT = 2;
    private static final int OOM = 6;
    private static Recording rec;
    private static ReclaimMarkers markers;

    @BeforeAll
    static void record() {
        rec = Recorder.record(Catalog.input(Catalog.shipped("page-cache-reclaim")), n -> { });
        markers = ReclaimMarkers.of(rec);
    }

    @Test
    void theKindsAreTheOnesTheTimelineLabels() {
        assertThat(ReclaimMarkers.KINDS).extracting(ReclaimMarkers.Kind::label).containsExactly("kswapd wake",
                "kswapd sleep", "direct reclaim", "direct compaction", "kcompactd", "proactive compaction", "OOM", "OOM kill");
    }

    @Test
    void kswapdIsFirstWokenInStep4AndDirectReclaimFirstHappensInStep8() {
        assertThat(scenarioStep(markers.steps(WAKE)[0])).isEqualTo(4);
        assertThat(scenarioStep(markers.steps(DIRECT)[0])).isEqualTo(8);
        assertThat(rec.events().type(markers.steps(WAKE)[0]).schema().function()).isEqualTo("wakeup_kswapd");
        assertThat(markers.steps(OOM)).isEmpty();
    }

    @Test
    void everyWakeIsFollowedBySleepBeforeTheNextWake() {
        int[] wakes = markers.steps(WAKE);
        assertThat(wakes.length).isGreaterThanOrEqualTo(4);
        for (int i = 0; i < wakes.length; i++) {
            int sleep = markers.after(SLEEP, wakes[i]);
            assertThat(sleep).as("a sleep after the wake at " + wakes[i]).isPositive();
            if (i + 1 < wakes.length) {
                assertThat(sleep).isLessThan(wakes[i + 1]);
            }
        }
    }

    @Test
    void beforeAndAfterFindTheNeighbouringMarkers() {
        int[] wakes = markers.steps(WAKE);
        assertThat(markers.before(WAKE, wakes[0])).isEqualTo(-1);
        assertThat(markers.after(WAKE, wakes[0])).isEqualTo(wakes[1]);
        assertThat(markers.before(WAKE, wakes[1])).isEqualTo(wakes[0]);
        assertThat(markers.after(WAKE, wakes[0] - 1)).isEqualTo(wakes[0]);
        assertThat(markers.after(WAKE, rec.lastStep())).isEqualTo(-1);
    }

    /** The 1-based scenario step a step lies in. */
    private static int scenarioStep(int step) {
        EventLog log = rec.events();
        int s = step;
        while (log.depth(s) > 0) {
            s = log.parent(s);
        }
        assertThat(log.type(s)).isEqualTo(WorkloadEvents.STEP);
        return (int) log.args(s)[0] + 1; // the field is the index into steps[]
    }
}
