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
 * The recordings of the shipped scenarios, made once per server and shared by every session.
 *
 * <p>A recording is immutable and deterministic (same scenario, same events), so one per
 * scenario is right. Recording runs on a background thread; callers get a future and may follow
 * the progress. A failed recording is not cached, so the next request tries again.
 */
@Service
public class RecordingService {
    private final Map<String, Entry> recordings = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** The shipped scenarios, in catalog order. */
    public List<Scenario> scenarios() {
        return Catalog.shipped();
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
     * @return the recording, or null while it is not made yet (or being made)
     */
    public Recording cached(String name) {
        Entry e = recordings.get(name);
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
     * @return a future completed with the recording, or exceptionally if recording failed
     */
    public CompletableFuture<Recording> record(Scenario scenario, IntConsumer progress) {
        Entry entry = recordings.compute(scenario.name(), (name, old) -> {
            if (old != null && !old.future.isCompletedExceptionally()) {
                return old;
            }
            Entry fresh = new Entry(new CompletableFuture<>(), new ConcurrentHashMap<>());
            executor.execute(() -> run(scenario, fresh));
            return fresh;
        });
        Object key = new Object();
        entry.listeners.put(key, progress);
        return entry.future.whenComplete((r, e) -> entry.listeners.remove(key));
    }

    private static void run(Scenario scenario, Entry entry) {
        try {
            Recording r = Recorder.record(Catalog.input(scenario),
                    n -> entry.listeners.values().forEach(l -> l.accept(n)));
            entry.future.complete(r);
        } catch (RuntimeException | Error e) {
            entry.future.completeExceptionally(e);
        }
    }

    private record Entry(CompletableFuture<Recording> future, Map<Object, IntConsumer> listeners) {
    }
}
