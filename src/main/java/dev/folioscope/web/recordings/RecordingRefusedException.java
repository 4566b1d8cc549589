package dev.folioscope.web.recordings;

/** A recording not even queued, because its requester has as many running or waiting as allowed. */
public class RecordingRefusedException extends RuntimeException {
    RecordingRefusedException(String message) {
        super(message);
    }
}
