package dev.folioscope.web.recordings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How recordings share one server ({@code folioscope.recordings.*}): how many run at once, how
 * many one user may have running or waiting, and how many recordings of stored scenarios the
 * server keeps in memory. The event budget bounds each recording on top of these
 * ({@link dev.folioscope.recording.Recorder.Budget}).
 *
 * @param concurrent recordings that run at once, the rest wait ({@code folioscope.recordings.concurrent});
 *     unset: half the processors, at least 1 (recording is one busy thread each)
 * @param perUser recordings one user (one browser session) may have running or waiting at once
 *     ({@code folioscope.recordings.per-user})
 * @param storedKept finished recordings of stored scenarios kept in memory, least recently used
 *     dropped first ({@code folioscope.recordings.stored-kept}); shipped scenarios' are always kept
 * @param storedKeptMib the most heap those may take together, in MiB, as {@link
 *     dev.folioscope.recording.Recording#bytes()} estimates it ({@code folioscope.recordings.stored-kept-mib});
 *     unset: a quarter of the heap. The most recent one is kept even when larger.
 */
@ConfigurationProperties("folioscope.recordings")
public record RecordingLimits(Integer concurrent, @DefaultValue("2") int perUser, @DefaultValue("8") int storedKept,
        Long storedKeptMib) {
    public RecordingLimits {
        if (concurrent == null) {
            concurrent = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
        if (storedKeptMib == null) {
            storedKeptMib = Runtime.getRuntime().maxMemory() / 4 >> 20;
        }
        atLeast(concurrent, 1, "concurrent");
        atLeast(perUser, 1, "per-user");
        atLeast(storedKept, 1, "stored-kept");
        atLeast(storedKeptMib, 0, "stored-kept-mib");
    }

    /** The bound on the kept stored scenarios' recordings in bytes. */
    long storedKeptBytes() {
        return storedKeptMib << 20;
    }

    private static void atLeast(long value, long least, String key) {
        if (value < least) {
            throw new IllegalArgumentException("folioscope.recordings." + key + " is " + value + "; it must be at least "
                    + least);
        }
    }
}
