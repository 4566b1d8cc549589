package dev.folioscope.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Tracer;
import dev.folioscope.kernel.proc.ProcFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings are deterministic, seek to the same state from any direction, and refuse damage. */
class RecordingTest {
    @TempDir
    Path dir;

    private static Recording record(String name) {
        return Recorder.record(Catalog.input(Catalog.shipped(name)), n -> { });
    }

    @Test
    void recordingTheSameScenarioTwiceGivesIdenticalBytes() {
        byte[] a = RecordingFile.toBytes(record("fragmentation"));
        byte[] b = RecordingFile.toBytes(record("fragmentation"));
        assertArrayEquals(a, b);
    }

    @Test
    void seekingRandomlyGivesTheSameStateAsWalkingForward() {
        RecordingInput input = Catalog.input(Catalog.shipped("fragmentation"));
        long[] forward = walkForward(Catalog.input(Catalog.shipped("fragmentation")), 7);
        // A small checkpoint budget forces thinning, so seeks re-execute across many events.
        Recording r = Recorder.record(input, n -> { }, new Recorder.Budget(Recorder.EVENT_BUDGET, 1 << 20));
        assertEquals(forward.length - 1, r.lastStep());
        Timeline t = r.timeline();
        Random rnd = new Random(1);
        int compared = 0;
        for (int i = 0; i < 2000; i++) {
            int s = rnd.nextInt(r.lastStep() + 1);
            if (forward[s] != 0) {
                assertEquals(forward[s], t.seek(s).kernel().digest(), "state at step " + s);
                compared++;
            }
        }
        assertTrue(compared > 200, "compared " + compared + " steps");
        assertEquals(forward[r.lastStep()], r.finalDigest());
    }

    /**
     * Runs the input live, without recorder or checkpoints, and takes the kernel's digest after
     * every {@code every}-th event and after the last: the reference that seeking must match.
     */
    static long[] walkForward(RecordingInput input, int every) {
        Kernel kernel = Kernel.boot(input.machine());
        List<Long> digests = new ArrayList<>(List.of(kernel.digest()));
        Tracer sampler = new Tracer() {
            @Override
            public void enter(EventType type, int cpu, int pid, long[] args) {
                sample();
            }

            @Override
            public void exit(long result) {
            }

            @Override
            public void point(EventType type, int cpu, int pid, long[] args) {
                sample();
            }

            private void sample() {
                digests.add(digests.size() % every == 0 ? kernel.digest() : 0L);
            }
        };
        kernel.setTracer(sampler);
        Workload workload = input.workload();
        while (workload.runNext(kernel)) {
            // every event is sampled by the tracer
        }
        digests.set(digests.size() - 1, kernel.digest());
        return digests.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void theStateBeforeAStepIsTheStateAtThePreviousStep() {
        Recording r = record("buddy-split-merge");
        Timeline t = r.timeline();
        for (int s = 1; s <= r.lastStep(); s++) {
            assertEquals(t.seek(s - 1).kernel().digest(), t.seek(s).before().digest(), "before step " + s);
        }
    }

    @Test
    void stepOverSkipsTheCallsInsideAStep() {
        Recording r = record("buddy-split-merge");
        Timeline t = r.timeline();
        EventLog log = r.events();
        int next = t.stepOver(1);
        assertEquals(0, log.depth(next), "from a top-level step, step over lands on the next top-level step");
        assertTrue(next > 2, "and skips its nested calls");
        assertEquals(next, t.stepOut(2), "step out of a call inside step 1 leaves step 1 as well");
    }

    @Test
    void aSavedRecordingLoadsAndReplaysToTheSameState() throws Exception {
        Recording r = record("zone-fallback");
        Path file = dir.resolve("z.rec");
        RecordingFile.write(r, file);
        Recording loaded = RecordingFile.load(file, Catalog::inputFromText);
        assertEquals(r.lastStep(), loaded.lastStep());
        int mid = r.lastStep() / 2;
        assertEquals(ProcFile.ZONEINFO.render(r.timeline().seek(mid).kernel()),
                ProcFile.ZONEINFO.render(loaded.timeline().seek(mid).kernel()));
    }

    @Test
    void aDamagedFileIsRefusedWithAReason() throws IOException {
        byte[] good = RecordingFile.toBytes(record("buddy-split-merge"));

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x40;
        assertRefused(flipped, "checksum mismatch");
        assertRefused(Arrays.copyOf(good, good.length - 10), "truncated");
        assertRefused("hello world, not a recording".getBytes(), "not a Folioscope recording");
        byte[] version = good.clone();
        version[11] = 9;
        assertRefused(version, "format version 9");
    }

    @Test
    void aFileOfTheOlderFormatIsRefusedByVersion() throws IOException {
        byte[] v2 = RecordingFile.toBytes(record("buddy-split-merge"));
        v2[11] = 2;
        assertRefused(v2, "recording format version 2, but this build reads version " + RecordingFile.FORMAT_VERSION);
    }

    @Test
    void aRecordingOfAnotherKernelModelIsRefusedOnLoad() throws IOException {
        byte[] good = RecordingFile.toBytes(record("buddy-split-merge"));
        Path file = Files.write(dir.resolve("old-model.rec"), RecordingFileTest.withModelVersion(good,
                Kernel.MODEL_VERSION + 1));
        var e = assertThrows(RecordingFile.BadRecordingException.class,
                () -> RecordingFile.load(file, Catalog::inputFromText));
        assertEquals(file + ": recorded with kernel model version " + (Kernel.MODEL_VERSION + 1)
                + ", this build runs version " + Kernel.MODEL_VERSION + "; record the scenario again", e.getMessage());
    }

    private void assertRefused(byte[] bytes, String expected) throws IOException {
        Path file = dir.resolve("bad.rec");
        Files.write(file, bytes);
        var e = assertThrows(RecordingFile.BadRecordingException.class, () -> RecordingFile.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected), e.getMessage());
    }
}
