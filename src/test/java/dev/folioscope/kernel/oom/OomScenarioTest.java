package dev.folioscope.kernel.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.trace.OomEvents;
import dev.folioscope.recording.RecordingInput;
import dev.folioscope.scenario.ScenarioWorkload;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped scenario oom-kill-score-adj: the kill chosen by oom_score_adj, and what follows it. */
class OomScenarioTest {
    @Test
    void smallIsKilledForItsAdjAndItsLaterStepIsSkipped() {
        RecordingInput input = Catalog.input(Catalog.shipped("oom-kill-score-adj"));
        Kernel kernel = Kernel.boot(input.machine());
        ScenarioWorkload workload = (ScenarioWorkload) input.workload();
        EventCollector events = EventCollector.on(kernel);
        while (workload.runNext(kernel)) {
        }
        // big: 1500 pages + 5 tables; small: 500 + 3 tables + 500 × (totalpages / 1000)
        long t = kernel.oomTotalPages();
        var verdicts = events.of(OomEvents.OOM_EVALUATE_TASK);
        assertEquals(1505, verdicts.get(0).arg("points"));
        assertEquals(503 + 500 * (t / 1000), verdicts.get(1).arg("points"));
        assertEquals(2, events.of(OomEvents.KILLED_PROCESS).getFirst().arg("victim"), "small, pid 2");
        assertEquals(1, events.of(OomEvents.KILLED_PROCESS).size());
        assertFalse(kernel.tasks().get(2).alive());
        assertEquals(2000, kernel.tasks().get(3).mm().rssStat(dev.folioscope.kernel.mmap.Mm.MM_ANONPAGES),
                "keeper got all its pages");
        assertEquals(Map.of(9, "skipped: process small (pid 2) was killed by the OOM killer"), workload.failures());
    }
}
