package dev.folioscope.web.recordings;

import com.vaadin.flow.component.UI;
import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.scenario.Scenario;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The recordings of the shipped and the stored scenarios, made once per server and shared by every
 * session.
 *
 * <p>A recording is immutable and deterministic (same scenario, same events), so one per
 * scenario is right. A recording is kept under a key naming where its scenario came from: a shipped
 * scenario's name, or {@code s/<id>} for a stored one (whose name is its id), so the two can
 * never be taken for each other. Recordings are made in the background through a fair queue
 * ({@link RecordingQueue}, bounded by {@link RecordingLimits}): callers get a request to follow,
 * and to cancel. Shipped scenarios' recordings are kept for good; stored scenarios', which anyone
 * can make, only the most recently used few. A failed recording is not kept, so the next request
 * tries again; a recording that runs out of heap fails with a message saying what to lower, not
 * with the error itself.
 */
@Service
@EnableConfigurationProperties(RecordingLimits.class)
public class RecordingService {
    /** How a stored scenario's key starts. */
    private static final String STORED = "s/";

    private final RecordingQueue queue;

    RecordingService(RecordingLimits limits) {
        queue = new RecordingQueue(limits, Recorder.EVENT_BUDGET, Executors.newVirtualThreadPerTaskExecutor(),
                key -> key.startsWith(STORED));
    }

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
     * @return the recording, or null while it is not made yet (or being made, or was dropped)
     */
    public Recording cached(String key) {
        return queue.cached(key);
    }

    /**
     * requester() - who asks for recordings from {@code ui}, for {@link #record}: its browser
     * session, so the tabs of one browser share a line and a cap, and two browsers do not (there
     * are no accounts to tell people apart better).
     */
    public static String requester(UI ui) {
        return ui.getSession().getSession().getId();
    }

    /**
     * record() - ask for the recording of a scenario: the kept one, or the one being made, or a new
     * one queued.
     *
     * <p>Context: any thread. {@code progress} is called, from whichever thread changed it, with
     * where the recording stands now and after each change until it is made; it must only hand the
     * news on (e.g. {@code UI.access}), never block; what it throws is logged and ignored.
     *
     * @param key a shipped scenario's name, or {@code s/<id>} for a stored scenario
     * @param requester who asks, opaque ({@link #requester}): recordings are shared fairly
     *     between requesters, and each may have only a few running or waiting
     * @return the request: its result completes with the recording, or exceptionally with an
     *     exception whose message is for the user; cancel it when no longer wanted
     * @throws RecordingRefusedException, with a message for the user, when the recording would be new and
     *     the requester has {@link RecordingLimits#perUser()} running or waiting already
     */
    public RecordingRequest record(String key, Scenario scenario, String requester,
            Consumer<RecordingProgress> progress) {
        return queue.request(key, requester, events -> {
            try {
                return Recorder.record(Catalog.input(scenario), events);
            } catch (OutOfMemoryError e) {
                // The partial recording was local to Recorder.record: it is garbage now.
                throw tooLarge(scenario);
            }
        }, progress);
    }

    /**
     * The failure shown for a recording that ran out of heap: one sentence saying what was too big
     * and what to change.
     */
    private static IllegalStateException tooLarge(Scenario scenario) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        return new IllegalStateException("The recording of " + scenario.name() + " needs more memory than the"
                + " server's Java heap of " + maxMiB + " MiB: lower the scenario's machine memory, ops or count,"
                + " or restart the server with a larger -Xmx.");
    }
}
