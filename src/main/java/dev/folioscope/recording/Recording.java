package dev.folioscope.recording;

import java.util.List;

/**
 * A finished recording: what was run, every event, the steps that name each object
 * ({@link #objects()}), the counters, and the checkpoints that make seeking cheap. A recording
 * that reached the event budget holds the events up to there and is marked as
 * {@link #cutShort()}; it seeks and saves like any other.
 *
 * <p>Context: immutable once made, and exploring it never changes it: any number of threads may
 * read it and seek its {@link #timeline()}s at once (its checkpoints are kernel snapshots).
 */
public final class Recording {
    private final RecordingInput input;
    private final EventLog events;
    private final ObjectIndex objects;
    private final Counters counters;
    private final List<Checkpoint> checkpoints;
    private final long finalDigest;
    private final int eventBudget;
    private final String cutShortReason;
    private final long checkpointBytes;

    Recording(RecordingInput input, EventLog events, ObjectIndex objects, Counters counters,
            List<Checkpoint> checkpoints, long checkpointBytes, long finalDigest, int eventBudget,
            String cutShortReason) {
        this.input = input;
        this.events = events;
        this.objects = objects;
        this.counters = counters;
        this.checkpoints = checkpoints;
        this.checkpointBytes = checkpointBytes;
        this.finalDigest = finalDigest;
        this.eventBudget = eventBudget;
        this.cutShortReason = cutShortReason;
    }

    public RecordingInput input() {
        return input;
    }

    public EventLog events() {
        return events;
    }

    /** For each pfn, folio, zone, VMA and page of a process the events name, the steps that name it. */
    public ObjectIndex objects() {
        return objects;
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

    /** The event budget it was recorded with (see {@link Recorder.Budget#events()}). */
    public int eventBudget() {
        return eventBudget;
    }

    /** Whether recording stopped at the event budget before the scenario's end. */
    public boolean cutShort() {
        return cutShortReason != null;
    }

    /** Why and where recording stopped before the scenario's end, for the user; null if it did not. */
    public String cutShortReason() {
        return cutShortReason;
    }

    List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** Number of checkpoints kept (for the benchmark and the info command). */
    public int checkpointCount() {
        return checkpoints.size();
    }

    /**
     * About how many bytes of heap the recording holds: its event index, object index and
     * counters, and what its checkpoints hold beyond one another (what the checkpoint budget was
     * charged). Object headers and the unused ends of arrays are not counted: this is for bounding
     * a cache of recordings, not for accounting to the byte.
     */
    public long bytes() {
        return events.bytes() + objects.bytes() + counters.bytes() + checkpointBytes;
    }

    public Timeline timeline() {
        return new Timeline(this);
    }
}
