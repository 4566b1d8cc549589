package dev.folioscope.recording;

import java.util.List;

/**
 * A finished recording: what was run, every event, the counters, and the checkpoints that make
 * seeking cheap. Immutable once made; exploring it never changes it.
 */
public final class Recording {
    private final RecordingInput input;
    private final EventLog events;
    private final Counters counters;
    private final List<Checkpoint> checkpoints;
    private final long finalDigest;

    Recording(RecordingInput input, EventLog events, Counters counters, List<Checkpoint> checkpoints,
            long finalDigest) {
        this.input = input;
        this.events = events;
        this.counters = counters;
        this.checkpoints = checkpoints;
        this.finalDigest = finalDigest;
    }

    public RecordingInput input() {
        return input;
    }

    public EventLog events() {
        return events;
    }

    public Counters counters() {
        return counters;
    }

    /** The last step (the number of events). */
    public int lastStep() {
        return events.size();
    }

    /** The digest of the kernel state at the last step. */
    public long finalDigest() {
        return finalDigest;
    }

    List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** Number of checkpoints kept (for the benchmark and the info command). */
    public int checkpointCount() {
        return checkpoints.size();
    }

    public Timeline timeline() {
        return new Timeline(this);
    }
}
