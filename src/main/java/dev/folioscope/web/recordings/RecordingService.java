package dev.folioscope.web.recordings;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.springframework.stereotype.Service;

/**
 * The recordings of the shipped and the stored scenarios, made once per server and shared by every
 * session.
 *
 * <p>A recording is immutable and deterministic (same scenario, same events), so one per
 * scenario is right. A recording is kept under a key naming where its scenario came from: a shipped
 * scenario's name, or {@code s/<id>} for a stored one (whose name is its id), so the two can
 * never be taken for each other. Recording runs on a background thread; callers get a future and may follow
 * the progress. A failed recording is not cached, so the next request tries again; a recording
 * that runs out of heap fails with a message saying what to lower, not with the error itself.
 */
@Service
public class RecordingService {
    private final Map<String, Entry> recordings = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** The shipped scenarios, in catalog order. */
    public List<Scenario> scenarios() {
        return Catalog.shipped();
    }

    /** The shipped scenarios' names, sorted; nothing is parsed. */
    public List<String> scenarioNames() {
        return Catalog.shippedNames();
    }

    /**
     * scenario() - a shipped scenario by name.
     *
     * @throws IllegalArgumentException naming the scenarios that exist, for an unknown name
     */
    public Scenario scenario(String name) {
        return Catalog.shipped(name);
    }

    /**
     * cached() - the recording of a scenario if it is already finished.
     *
     * @param key a shipped scenario's name, or {@code s/<id>} for a stored scenario
     * @return the recording, or null while it is not made yet (or being made)
     */
    public Recording cached(String key) {
        Entry e = recordings.get(key);
        return e != null && e.future.isDone() && !e.future.isCompletedExceptionally() ? e.future.join() : null;
    }

    /**
     * record() - the recording of a scenario, made in the background on first use.
     *
     * <p>Context: any thread. {@code progress} is called from the recording thread with the
     * number of events recorded so far (only while this call's recording is the one running).
     *
     * @param scenario a shipped scenario
     * @param progress receives event counts while recording; may be called never
     * @return a future completed with the recording, or exceptionally if recording failed, with
     *     an exception whose message is for the user
     */
    public CompletableFuture<Recording> record(Scenario scenario, IntConsumer progress) {
        return record(scenario.name(), scenario, progress);
    }

    /**
     * record() - the recording of a scenario kept under a key, made in the background on first use;
     * as {@link #record(Scenario, IntConsumer)} otherwise.
     *
     * @param key a shipped scenario's name, or {@code s/<id>} for a stored scenario
     */
    public CompletableFuture<Recording> record(String key, Scenario scenario, IntConsumer progress) {
        Entry entry = recordings.compute(key, (k, old) -> {
            if (old != null && !old.future.isCompletedExceptionally()) {
                return old;
            }
            Entry fresh = new Entry(new CompletableFuture<>(), new ConcurrentHashMap<>());
            executor.execute(() -> run(scenario, fresh));
            return fresh;
        });
        Object listener = new Object();
        entry.listeners.put(listener, progress);
        // Completed by hand rather than by whenComplete's stage, which would wrap a failure in a
        // CompletionException whose message starts with the class name of the cause.
        CompletableFuture<Recording> result = new CompletableFuture<>();
        entry.future.whenComplete((r, e) -> {
            entry.listeners.remove(listener);
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(r);
            }
        });
        return result;
    }

    private static void run(Scenario scenario, Entry entry) {
        try {
            Recording r = Recorder.record(Catalog.input(scenario),
                    n -> entry.listeners.values().forEach(l -> l.accept(n)));
            entry.future.complete(r);
        } catch (OutOfMemoryError e) {
            // The partial recording was local to Recorder.record: it is garbage now.
            entry.future.completeExceptionally(tooLarge(scenario));
        } catch (RuntimeException | Error e) {
            entry.future.completeExceptionally(e);
        }
    }

    /**
     * The failure shown for a recording that ran out of heap: one sentence saying what was too big
     * and what to change.
     */
    static IllegalStateException tooLarge(Scenario scenario) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        return new IllegalStateException("The recording of " + scenario.name() + " needs more memory than the"
                + " server's Java heap of " + maxMiB + " MiB: lower the scenario's machine memory, ops or count,"
                + " or restart the server with a larger -Xmx.");
    }

    private record Entry(CompletableFuture<Recording> future, Map<Object, IntConsumer> listeners) {
    }
}
