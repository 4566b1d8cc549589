package dev.folioscope.web.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.web.recordings.RecordingProgress.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue as its users meet it: how many recordings run at once, who waits behind whom, what a
 * person may queue, what cancelling does, and which finished recordings the server keeps. The
 * recordings are tasks the test lets run and finish ({@link Gate}); every wait is on a latch or a
 * future, never on time.
 */
class RecordingQueueTest {
    private static final Recording MADE = Recorder.record(Catalog.input(Catalog.shipped("buddy-split-merge")),
            n -> { });
    /** Recordings the queue keeps for good (a shipped scenario's name) or drops (stored: {@code s/...}). */
    private static final String SHIPPED = "buddy-split-merge";

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Keys in the order their recordings started. */
    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void releaseEverything() {
        threads.shutdownNow();
    }

    private RecordingQueue queue(int concurrent, int perUser) {
        return queue(new RecordingLimits(concurrent, perUser, 8, 1024L));
    }

    private RecordingQueue queue(RecordingLimits limits) {
        return new RecordingQueue(limits, Recorder.EVENT_BUDGET, threads, key -> key.startsWith("s/"));
    }

    /**
     * A recording the test controls: it says when it starts, reports progress until released, and
     * then returns {@link #MADE}; a progress report that throws ends it, which it records.
     */
    private final class Gate implements RecordingQueue.Task {
        final String key;
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<RuntimeException> stoppedBy = new CompletableFuture<>();

        Gate(String key) {
            this.key = key;
        }

        @Override
        public Recording run(IntConsumer progress) {
            started.add(key);
            running.countDown();
            try {
                for (int events = 65536; !release.await(5, TimeUnit.MILLISECONDS); events += 65536) {
                    progress.accept(events);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (RuntimeException e) {
                stoppedBy.complete(e);
                throw e;
            }
            return MADE;
        }

        Gate released() {
            release.countDown();
            return this;
        }

        void awaitRunning() throws InterruptedException {
            assertThat(running.await(30, TimeUnit.SECONDS)).as(key + " started").isTrue();
        }
    }

    /** What one request heard, in order. */
    private static final class Heard implements java.util.function.Consumer<RecordingProgress> {
        final List<RecordingProgress> reports = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(RecordingProgress p) {
            reports.add(p);
        }

        RecordingProgress last() {
            return reports.getLast();
        }
    }

    private static RecordingRequest ask(RecordingQueue q, String requester, Gate gate, Heard heard) {
        return q.request(gate.key, requester, gate, heard);
    }

    @Test
    void atMostTheConfiguredNumberRunAtOnceAndTheNextStartsWhenOneEnds() throws Exception {
        RecordingQueue q = queue(2, 2);
        Gate a = new Gate("s/a");
        Gate b = new Gate("s/b");
        Gate c = new Gate("s/c").released();
        Heard heardC = new Heard();
        ask(q, "ann", a, new Heard());
        ask(q, "bob", b, new Heard());
        RecordingRequest third = ask(q, "cid", c, heardC);

        a.awaitRunning();
        b.awaitRunning();
        assertThat(heardC.last()).isEqualTo(new RecordingProgress(State.WAITING, 0, 0, Recorder.EVENT_BUDGET));
        assertThat(started).as("the two allowed run together, in either order; the third waits").containsExactlyInAnyOrder("s/a", "s/b");

        a.released();
        assertThat(third.result().get(30, TimeUnit.SECONDS)).isSameAs(MADE);
        assertThat(heardC.reports).extracting(RecordingProgress::state).contains(State.RUNNING);
        b.released();
    }

    @Test
    void requestersTakeTurnsSoOneQueuingManyDoesNotStarveAnother() throws Exception {
        RecordingQueue q = queue(1, 3);
        Gate a1 = new Gate("s/a1");
        Gate a2 = new Gate("s/a2").released();
        Gate a3 = new Gate("s/a3").released();
        Gate b1 = new Gate("s/b1").released();
        ask(q, "ann", a1, new Heard());
        a1.awaitRunning();
        Heard heardA2 = new Heard();
        Heard heardA3 = new Heard();
        Heard heardB1 = new Heard();
        ask(q, "ann", a2, heardA2);
        RecordingRequest last = ask(q, "ann", a3, heardA3);
        ask(q, "bob", b1, heardB1);

        // ann's line was there first, then bob's; after serving ann, bob's turn comes before ann's next
        assertThat(List.of(heardA2.last().ahead(), heardB1.last().ahead(), heardA3.last().ahead()))
                .containsExactly(0, 1, 2);
        a1.released();
        last.result().get(30, TimeUnit.SECONDS);
        assertThat(started).containsExactly("s/a1", "s/a2", "s/b1", "s/a3");
    }

    @Test
    void aRequesterWithAsManyRecordingsAsAllowedIsRefusedWithAMessageButOthersAreNot() {
        RecordingQueue q = queue(1, 2);
        Gate shared = new Gate("s/shared");
        ask(q, "ann", new Gate("s/a1"), new Heard());
        ask(q, "ann", new Gate("s/a2"), new Heard());
        ask(q, "bob", shared, new Heard());

        assertThatThrownBy(() -> ask(q, "ann", new Gate("s/a3"), new Heard()))
                .isInstanceOf(RecordingRefusedException.class)
                .hasMessage("You already have 2 recordings running or waiting, as many as one person may: wait for"
                        + " one to finish or cancel one, then try again.");
        // following a recording someone else started costs nothing
        assertThat(ask(q, "ann", shared, new Heard()).result()).isNotDone();
        assertThat(ask(q, "cid", new Gate("s/c1"), new Heard()).result()).isNotDone();
    }

    @Test
    void requestsForTheSameKeyShareOneRecordingAndLaterOnesGetItFromTheCache() throws Exception {
        RecordingQueue q = queue(1, 2);
        AtomicInteger runs = new AtomicInteger();
        Gate gate = new Gate("s/same");
        RecordingQueue.Task counted = progress -> {
            runs.incrementAndGet();
            return gate.run(progress);
        };
        Heard second = new Heard();
        RecordingRequest first = q.request("s/same", "ann", counted, new Heard());
        gate.awaitRunning();
        RecordingRequest joined = q.request("s/same", "bob", counted, second);

        assertThat(second.reports.getFirst().state()).isEqualTo(State.RUNNING);
        gate.released();
        assertThat(first.result().get(30, TimeUnit.SECONDS)).isSameAs(joined.result().get(30, TimeUnit.SECONDS));
        RecordingRequest later = q.request("s/same", "cid", counted, new Heard());
        assertThat(later.result()).isCompletedWithValue(MADE);
        assertThat(q.cached("s/same")).isSameAs(MADE);
        assertThat(runs).hasValue(1);
    }

    @Test
    void cancellingAWaitingRecordingTakesItOutOfTheLineAndMovesTheOthersUp() throws Exception {
        RecordingQueue q = queue(1, 2);
        Gate running = new Gate("s/running");
        Gate second = new Gate("s/second").released();
        Gate third = new Gate("s/third").released();
        Gate fourth = new Gate("s/fourth").released();
        Heard heardFourth = new Heard();
        ask(q, "ann", running, new Heard());
        running.awaitRunning();
        ask(q, "bob", second, new Heard());
        RecordingRequest cancelled = ask(q, "cid", third, new Heard());
        RecordingRequest last = ask(q, "dan", fourth, heardFourth);
        assertThat(heardFourth.last().ahead()).isEqualTo(2);

        cancelled.cancel();

        assertThat(heardFourth.last().ahead()).isEqualTo(1);
        assertThat(cancelled.result()).isCancelled();
        running.released();
        last.result().get(30, TimeUnit.SECONDS);
        assertThat(started).containsExactly("s/running", "s/second", "s/fourth");
        assertThat(q.cached("s/third")).isNull();
    }

    @Test
    void aRecordingOneOfItsViewersCancelsGoesOnForTheOther() throws Exception {
        RecordingQueue q = queue(1, 2);
        Gate gate = new Gate("s/shared");
        RecordingRequest leaving = ask(q, "ann", gate, new Heard());
        RecordingRequest staying = ask(q, "bob", gate, new Heard());
        gate.awaitRunning();

        leaving.cancel();
        gate.released();

        assertThat(staying.result().get(30, TimeUnit.SECONDS)).isSameAs(MADE);
        assertThat(leaving.result()).isCancelled();
        assertThat(gate.stoppedBy).isNotDone();
    }

    @Test
    void aViewerWhosePageIsGoneDoesNotStopTheRecordingForTheOthers() throws Exception {
        RecordingQueue q = queue(1, 2);
        Gate gate = new Gate("s/shared");
        RecordingRequest gone = q.request(gate.key, "ann", gate, p -> {
            throw new IllegalStateException("UI detached");
        });
        RecordingRequest staying = ask(q, "bob", gate, new Heard());
        gate.awaitRunning();

        gate.released();

        assertThat(staying.result().get(30, TimeUnit.SECONDS)).isSameAs(MADE);
        assertThat(gone.result()).isCompletedWithValue(MADE);
    }

    @Test
    void cancellingARunningRecordingStopsItAtItsNextProgressReportAndItIsNotKept() throws Exception {
        RecordingQueue q = queue(1, 2);
        Gate gate = new Gate("s/long");
        Gate behind = new Gate("s/behind").released();
        RecordingRequest request = ask(q, "ann", gate, new Heard());
        RecordingRequest next = ask(q, "bob", behind, new Heard());
        gate.awaitRunning();

        request.cancel();

        assertThat(gate.stoppedBy.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(request.result()).isCancelled();
        assertThat(next.result().get(30, TimeUnit.SECONDS)).isSameAs(MADE); // its place went to the next
        assertThat(q.cached("s/long")).isNull();
        Gate again = new Gate("s/long").released();
        assertThat(ask(q, "ann", again, new Heard()).result().get(30, TimeUnit.SECONDS)).isSameAs(MADE);
        assertThat(started).containsExactly("s/long", "s/behind", "s/long");
    }

    @Test
    void storedScenariosRecordingsBeyondTheBoundAreDroppedLeastRecentlyUsedFirstShippedOnesNever()
            throws Exception {
        RecordingQueue q = queue(new RecordingLimits(1, 2, 2, 1024L));
        make(q, SHIPPED);
        make(q, "s/one");
        make(q, "s/two");
        assertThat(q.cached("s/one")).isSameAs(MADE); // now "s/two" is the least recently used

        make(q, "s/three");

        assertThat(q.cached("s/two")).isNull();
        assertThat(q.cached("s/one")).isSameAs(MADE);
        assertThat(q.cached("s/three")).isSameAs(MADE);
        assertThat(q.cached(SHIPPED)).isSameAs(MADE);
        make(q, "s/two"); // made again when asked for
        assertThat(q.cached("s/two")).isSameAs(MADE);
        assertThat(q.cached("s/one")).isNull();
    }

    @Test
    void theByteBoundKeepsOnlyTheNewestStoredRecordingWhenNoneFit() throws Exception {
        RecordingQueue q = queue(new RecordingLimits(1, 2, 8, 0L));
        make(q, "s/one");
        make(q, "s/two");

        assertThat(q.cached("s/one")).isNull();
        assertThat(q.cached("s/two")).isSameAs(MADE);
    }

    private void make(RecordingQueue q, String key) throws Exception {
        ask(q, "ann", new Gate(key).released(), new Heard()).result().get(30, TimeUnit.SECONDS);
    }
}
