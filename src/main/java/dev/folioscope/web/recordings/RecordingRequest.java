package dev.folioscope.web.recordings;

import dev.folioscope.recording.Recording;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One requester's wish for a recording: its result, its progress, and the way to give it up. Many
 * requests may share one recording (the same scenario asked for by several viewers); it runs while
 * one of them still wants it.
 */
public final class RecordingRequest {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingRequest.class);

    /** The queue that makes the recording; null for a request answered from the cache. */
    private final RecordingQueue queue;
    /** The recording this request waits for; null for a request answered from the cache. */
    final RecordingQueue.Job job;
    private final Consumer<RecordingProgress> listener;
    private final CompletableFuture<Recording> result = new CompletableFuture<>();

    RecordingRequest(RecordingQueue queue, RecordingQueue.Job job, Consumer<RecordingProgress> listener) {
        this.queue = queue;
        this.job = job;
        this.listener = listener;
    }

    /** A request for a recording that is made already. */
    static RecordingRequest finished(Recording recording) {
        RecordingRequest r = new RecordingRequest(null, null, p -> { });
        r.result.complete(recording);
        return r;
    }

    /**
     * result() - the recording, when made.
     *
     * @return a future completed with the recording; exceptionally with an exception whose message
     *     is for the user if recording failed; cancelled after {@link #cancel()}. Cancel through
     *     {@link #cancel()}: cancelling the future itself does not withdraw the request.
     */
    public CompletableFuture<Recording> result() {
        return result;
    }

    /**
     * cancel() - this requester no longer wants the recording: its result is cancelled, and the
     * recording is dropped from the queue, or stopped within 65536 events if running, when no other
     * request wants it. Nothing happens if the result is in already.
     *
     * <p>Context: any thread; must not be called from a progress listener.
     */
    public void cancel() {
        if (queue != null) {
            queue.withdraw(this);
        }
        result.cancel(false);
    }

    /** Hands the news to the listener; one that throws (its page just closed) stops nothing the others wait for. */
    void report(RecordingProgress progress) {
        try {
            listener.accept(progress);
        } catch (RuntimeException e) {
            LOG.debug("a recording's progress listener failed; the recording goes on", e);
        }
    }

    void finish(Recording recording, Throwable failure) {
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(recording);
        }
    }
}
