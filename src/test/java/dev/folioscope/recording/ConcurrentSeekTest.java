package dev.folioscope.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One recording shared by many sessions: seeks from many threads at once give the states a
 * single thread walking the scenario forward sees. Seeking forks checkpoints; this guards the
 * rule that forking a checkpoint never writes it (it used to reset the checkpoint's chunk
 * ownership, a data race between request threads).
 */
class ConcurrentSeekTest {
    private static final int THREADS = 8;
    private static final int SEEKS = 200;

    @Test
    void eightThreadsSeekingOneRecordingSeeWhatASingleForwardWalkSees() throws Exception {
        long[] forward = RecordingTest.walkForward(Catalog.input(Catalog.shipped("fragmentation")), 1);
        // A small checkpoint budget: few checkpoints, so every seek forks one and replays from it.
        Recording r = Recorder.record(Catalog.input(Catalog.shipped("fragmentation")), n -> { },
                new Recorder.Budget(Recorder.EVENT_BUDGET, 1 << 20));
        assertEquals(forward.length - 1, r.lastStep());
        assertTrue(r.checkpointCount() > 1 && r.checkpointCount() < 40, r.checkpointCount() + " checkpoints");

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                long seed = i;
                results.add(pool.submit(() -> seekAndCompare(r, forward, new Random(seed), start)));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertEquals(SEEKS, f.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Seeks random steps, each thread with its own timeline, as each browser session has. */
    private static int seekAndCompare(Recording r, long[] forward, Random rnd, CountDownLatch start)
            throws InterruptedException {
        Timeline t = r.timeline();
        start.await();
        for (int i = 0; i < SEEKS; i++) {
            int s = 1 + rnd.nextInt(r.lastStep());
            Timeline.Moment m = t.seek(s);
            assertEquals(forward[s], m.kernel().digest(), "state at step " + s);
            assertEquals(forward[s - 1], m.before().digest(), "state before step " + s);
        }
        return SEEKS;
    }
}
