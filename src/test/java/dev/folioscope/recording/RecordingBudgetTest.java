package dev.folioscope.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.Workload.EventBound;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.WorkloadEvents;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.ScenarioParser;
import dev.folioscope.scenario.ScenarioWorkload;
import dev.folioscope.scenario.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event budget: what must exceed it is refused before recording, naming what to lower; what
 * merely reaches it is cut short at an operation boundary and stays usable. The checkpoint budget
 * changes how dense checkpoints are, never the recording.
 */
class RecordingBudgetTest {
    /** Lines: steps start at line 8; each step below is one line. */
    private static final String THREE_STEPS = """
            version: 1
            title: Three steps
            description: d
            seed: 3
            machine: {memory: 16M, cpus: 1}
            steps:
              - alloc: {label: a, order: 0, count: 3}
              - random: {label: r, ops: 500}
              - free: {label: a}
            """;

    @TempDir
    Path dir;

    private static RecordingInput input(String yaml) {
        return Catalog.input(ScenarioParser.parse("three.yaml", yaml));
    }

    @Test
    void theBoundIsWorkedOutStepByStep() {
        EventBound b = input(THREE_STEPS).workload().minimumEvents();
        // STEP + 2 per alloc, STEP + 2 per random op, STEP only for a free whose blocks are not known yet.
        assertEquals(List.of(new EventBound.Part("steps[1].random.ops (500, line 8)", 1001),
                new EventBound.Part("steps[0].alloc.count (3, line 7)", 7),
                new EventBound.Part("steps[2].free (line 9)", 1)), b.parts());
        assertEquals(1009, b.events());
    }

    @Test
    void aScenarioThatMustExceedTheBudgetIsRefusedBeforeRecording() {
        var e = assertThrows(EventBudgetException.class, () -> Recorder.record(input(THREE_STEPS), n -> { },
                new Recorder.Budget(1000, 1 << 20)));
        assertEquals("scenario three needs at least 1009 events, more than the recording budget of 1000: lower"
                + " steps[1].random.ops (500, line 8) or split the scenario", e.getMessage());
    }

    @Test
    void theLargestStepsAreNamedUntilTheRestFits() {
        String many = THREE_STEPS.replace("  - free: {label: a}\n", "  - random: {label: r, ops: 400}\n"
                + "  - random: {label: r, ops: 300}\n");
        var e = assertThrows(EventBudgetException.class, () -> Recorder.record(input(many), n -> { },
                new Recorder.Budget(700, 1 << 20)));
        // 7 + 1001 + 801 + 601 = 2410; without the two largest, 608 fit.
        assertEquals("scenario three needs at least 2410 events, more than the recording budget of 700: lower"
                + " steps[1].random.ops (500, line 8), steps[2].random.ops (400, line 9) or split the scenario",
                e.getMessage());
    }

    /** Idle and drain steps, which the file format does not offer yet, built as records. */
    @Test
    void theBoundNeverExceedsTheEventsRecorded() {
        MachineConfig twoCpus = new MachineConfig(MachineConfig.zonesForMemory(16L << 20), 2, Sysctl.defaults(),
                ThpMode.NEVER);
        Scenario s = new Scenario("mixed", "t", "d", 5, twoCpus, List.of(
                new Step.Alloc("a", 11, 1, Gfp.GFP_KERNEL, "GFP_KERNEL", 0, null, 1),
                new Step.Alloc("a", 0, 40, Gfp.GFP_KERNEL, "GFP_KERNEL", 1, null, 2),
                new Step.Free("a", 30, 1, null, 3),
                new Step.Idle(3, null, 4),
                new Step.DrainAllPages(null, 5),
                new Step.Random("r", 200, List.of(new Step.Weighted(0, "0", 1)),
                        List.of(new Step.Weighted(Gfp.GFP_KERNEL, "GFP_KERNEL", 1)), 50, 0, null, 6)), "");
        RecordingInput mixed = new RecordingInput("mixed", "t", "", twoCpus, new ScenarioWorkload(s));
        // Per step, STEP and then: __alloc_pages and warn_alloc (order 11 fails at once); two per
        // allocation; nothing for a free not started; vmstat_update on two CPUs for three seconds;
        // drain_all_pages; two per random operation.
        assertEquals((1 + 2) + (1 + 80) + 1 + (1 + 6) + (1 + 1) + (1 + 400), mixed.workload().minimumEvents().events());
        for (RecordingInput in : List.of(mixed, Catalog.input(Catalog.shipped("buddy-split-merge")),
                Catalog.input(Catalog.shipped("fragmentation")), Catalog.input(Catalog.shipped("zone-fallback")))) {
            long bound = in.workload().minimumEvents().events();
            Recording r = Recorder.record(in, n -> { });
            assertTrue(bound <= r.lastStep(), in.name() + ": bound " + bound + ", recorded " + r.lastStep());
            assertEquals(0, in.workload().minimumEvents().events(), in.name() + ": nothing left once run");
            assertFalse(r.cutShort());
        }
    }

    @Test
    void reachingTheBudgetCutsTheRecordingShortAtAnOperationBoundary() throws Exception {
        Recording full = Recorder.record(Catalog.input(Catalog.shipped("fragmentation")), n -> { });
        long bound = Catalog.input(Catalog.shipped("fragmentation")).workload().minimumEvents().events();
        int budget = (int) (bound + full.lastStep()) / 2;
        Recording cut = Recorder.record(Catalog.input(Catalog.shipped("fragmentation")), n -> { },
                new Recorder.Budget(budget, 1 << 20));

        assertTrue(cut.cutShort());
        int n = cut.lastStep();
        assertTrue(n >= budget && n < full.lastStep(), n + " events");
        EventLog fl = full.events();
        assertTrue(fl.depth(n + 1) <= 1, "the next event starts an operation, in a step or a new one");
        String where = fl.depth(n + 1) == 1 ? ", inside steps[" + fl.args(topLevel(fl, n + 1))[0] + "]" : "";
        assertEquals("the recording budget of " + budget + " events was reached at event " + n + where
                + "; the rest of the scenario was not recorded", cut.cutShortReason());
        for (int s = 1; s <= n; s++) {
            assertEquals(full.events().type(s), cut.events().type(s));
            assertArrayEquals(full.events().args(s), cut.events().args(s));
            assertEquals(full.events().depth(s), cut.events().depth(s));
        }
        Timeline t = cut.timeline();
        Timeline ft = full.timeline();
        for (int s : new int[] {1, n / 3, n - 1, n}) {
            assertEquals(ft.seek(s).kernel().digest(), t.seek(s).kernel().digest(), "state at step " + s);
        }

        Path file = dir.resolve("cut.rec");
        RecordingFile.write(cut, file);
        RecordingFile.Contents c = RecordingFile.read(file);
        assertEquals(budget, c.eventBudget());
        assertEquals(cut.cutShortReason(), c.cutShortReason());
        Recording loaded = RecordingFile.load(file, Catalog::inputFromText);
        assertEquals(n, loaded.lastStep(), "loading re-runs to the same cut");
        assertEquals(cut.cutShortReason(), loaded.cutShortReason());
        assertArrayEquals(RecordingFile.toBytes(cut), RecordingFile.toBytes(loaded));
    }

    private static int topLevel(EventLog log, int step) {
        int s = step;
        while (log.depth(s) > 0) {
            s = log.parent(s);
        }
        assertEquals(WorkloadEvents.STEP, log.type(s));
        return s;
    }

    @Test
    void aBudgetTheScenarioEndsAtIsNoCut() {
        Recording full = Recorder.record(Catalog.input(Catalog.shipped("buddy-split-merge")), n -> { });
        Recording exact = Recorder.record(Catalog.input(Catalog.shipped("buddy-split-merge")), n -> { },
                new Recorder.Budget(full.lastStep(), 1 << 20));
        assertFalse(exact.cutShort());
        assertNull(exact.cutShortReason());
        assertEquals(full.lastStep(), exact.lastStep());
    }

    @Test
    void theCheckpointBudgetChangesCheckpointsButNotTheRecording() {
        Recording sparse = Recorder.record(Catalog.input(Catalog.shipped("fragmentation")), n -> { },
                new Recorder.Budget(Recorder.EVENT_BUDGET, 64 << 10));
        Recording dense = Recorder.record(Catalog.input(Catalog.shipped("fragmentation")), n -> { },
                new Recorder.Budget(Recorder.EVENT_BUDGET, 1L << 30));
        assertTrue(sparse.checkpointCount() < dense.checkpointCount() / 4,
                sparse.checkpointCount() + " and " + dense.checkpointCount() + " checkpoints");
        assertArrayEquals(RecordingFile.toBytes(dense), RecordingFile.toBytes(sparse));
    }
}
