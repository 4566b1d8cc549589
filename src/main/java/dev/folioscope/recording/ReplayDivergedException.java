package dev.folioscope.recording;

/**
 * Re-execution produced an event other than the recorded one: the kernel or workload is not
 * deterministic, or the recording does not belong to this build. The message names the step, the
 * event and every field that differs, recorded against replayed.
 */
public final class ReplayDivergedException extends IllegalStateException {
    public ReplayDivergedException(String message) {
        super(message);
    }
}
