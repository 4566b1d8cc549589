package dev.folioscope.web.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.ScenarioParser;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a real recording: the recorder's progress callback throws and nothing on the way
 * swallows it, so the recording thread ends within a progress report (65536 events, a fraction of
 * a second) instead of recording on for the minutes the scenario takes, and nothing is kept.
 */
class RecordingServiceTest {
    /** Over ten million events, a minute or more of recording here: far longer than the wait below. */
    private static final Scenario LONG = ScenarioParser.parse("long.yaml", LongScenario.text(2));
    private static final String KEY = "s/long";

    private final RecordingService service = new RecordingService(new RecordingLimits(1, 2, 8, null));

    @Test
    void aCancelledRecordingStopsPromptlyAndIsNotKept() throws Exception {
        CompletableFuture<Thread> recording = new CompletableFuture<>();
        RecordingRequest request = service.record(KEY, LONG, "ann", p -> {
            if (p.events() > 0) {
                recording.complete(Thread.currentThread()); // the progress callback runs on the recording's thread
            }
        });
        Thread thread = recording.get(60, TimeUnit.SECONDS);

        request.cancel();

        assertThat(thread.join(Duration.ofSeconds(20))).as("the recording thread ended").isTrue();
        assertThat(request.result()).isCancelled();
        assertThat(service.cached(KEY)).isNull();
    }
}
