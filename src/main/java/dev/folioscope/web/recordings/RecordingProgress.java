package dev.folioscope.web.recordings;

/**
 * Where a requested recording stands while it is not finished, for drawing it: waiting, with how
 * many recordings start before it, or running, with the events recorded so far. How it ends
 * (made, failed or cancelled) is told by {@link RecordingRequest#result()}.
 *
 * @param state waiting or running
 * @param ahead while waiting, how many waiting recordings start before this one (0 when it is the
 *     next); 0 while running
 * @param events while running, the events recorded so far (reported every 65536 events); 0 while
 *     waiting
 * @param eventBudget the most events a recording holds ({@link dev.folioscope.recording.Recorder#EVENT_BUDGET}):
 *     {@code events / eventBudget} is a lower bound on the part done
 */
public record RecordingProgress(State state, int ahead, int events, int eventBudget) {
    /** Waiting for a free place to run, or running. */
    public enum State {
        WAITING, RUNNING
    }
}
