package dev.folioscope.web.scenarios;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.shared.Registration;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.RecordingFile;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.scenario.ScenarioParser;
import dev.folioscope.store.ScenarioStore;
import dev.folioscope.store.StoreFullException;
import dev.folioscope.store.StoredScenario;
import dev.folioscope.web.base.BoundedUpload;
import dev.folioscope.web.base.Notifications;
import dev.folioscope.web.debugger.SharedScenarioView;
import dev.folioscope.web.recordings.RecordingProgress;
import dev.folioscope.web.recordings.RecordingRefusedException;
import dev.folioscope.web.recordings.RecordingRequest;
import dev.folioscope.web.recordings.RecordingService;
import java.util.concurrent.CancellationException;

/**
 * "Open a file": a scenario (.yaml) or a recording (.rec, as {@code record -o} writes and the
 * debugger's Export downloads) from the user's machine, stored and opened at its permanent link
 * {@code /s/<id>}.
 *
 * <p>Both are checked as the command line checks them: a scenario by the parser (messages name the
 * uploaded file, its line and column); a recording by reading it whole and then recording its
 * scenario again, which must give the same events, cut and final state ({@link RecordingFile.Expected}).
 * The scenario's text is stored before that re-run (it is valid by then); the recording made is the
 * one the link shows, so a file that fails the check is never shown.
 */
final class ImportPanel extends Div {
    private final RecordingService recordings;
    private final ScenarioStore store;
    private final Span status = new Span();
    private final ProgressBar bar = new ProgressBar();

    /**
     * @param maxRecordingBytes the largest recording file taken (a scenario is at most 1 MiB anyway)
     */
    ImportPanel(RecordingService recordings, ScenarioStore store, int maxRecordingBytes) {
        this.recordings = recordings;
        this.store = store;
        setId("fs-import");
        addClassName("fs-import");
        Upload upload = new BoundedUpload(maxRecordingBytes, this::open).upload(".yaml", ".yml", ".rec");
        upload.setId("fs-import-upload");
        Span label = new Span("Open a scenario (.yaml, at most 1 MiB) or a recording (.rec): it is checked as"
                + " the command line checks it, stored on this server and opened at its permanent link.");
        label.addClassName("fs-import-label");
        status.setId("fs-import-status");
        bar.setVisible(false);
        add(label, upload, status, bar);
    }

    private void open(String fileName, byte[] bytes) {
        status.setText("");
        status.removeClassName("fs-import-error");
        if (RecordingFile.beginsAsRecording(bytes)) {
            openRecording(fileName, bytes);
        } else {
            openScenario(fileName, bytes);
        }
    }

    private void openScenario(String fileName, byte[] bytes) {
        StoredScenario stored;
        try {
            stored = store.store(ScenarioParser.decode(fileName, bytes));
        } catch (ScenarioException e) {
            fail(e.messageIn(fileName));
            return;
        } catch (StoreFullException e) {
            fail(fileName + ": " + e.getMessage());
            return;
        }
        UI.getCurrent().navigate(SharedScenarioView.path(stored.scenarioId()));
    }

    private void openRecording(String fileName, byte[] bytes) {
        RecordingFile.Expected expected;
        StoredScenario stored;
        try {
            expected = RecordingFile.expect(fileName, bytes);
            expected.checkRunnable(fileName);
            if (expected.eventBudget() != Recorder.EVENT_BUDGET) {
                throw new RecordingFile.BadRecordingException(fileName + ": recorded with an event budget of "
                        + expected.eventBudget() + " events, and this server records every scenario with "
                        + Recorder.EVENT_BUDGET + ", so its link would show other events; record it again without"
                        + " --events");
            }
            stored = store.store(expected.text());
        } catch (RecordingFile.BadRecordingException e) {
            fail(e.getMessage());
            return;
        } catch (ScenarioException e) {
            fail(fileName + ": its scenario does not parse: " + e.getMessage());
            return;
        } catch (StoreFullException e) {
            fail(fileName + ": " + e.getMessage());
            return;
        }
        UI ui = UI.getCurrent();
        RecordingRequest request;
        try {
            request = recordings.record(SharedScenarioView.path(stored.scenarioId()), ScenarioStore.scenario(stored),
                    RecordingService.requester(ui), p -> ui.access(() -> checking(fileName, expected, p)));
        } catch (RecordingRefusedException e) {
            fail(fileName + ": " + e.getMessage());
            return;
        }
        bar.setVisible(true);
        // leaving the list (or closing the tab) gives the check up: nobody would see its result
        Registration leaving = addDetachListener(e -> request.cancel());
        request.result().whenComplete((recording, error) -> ui.access(() -> {
            leaving.remove();
            bar.setVisible(false);
            if (error instanceof CancellationException) {
                return;
            }
            if (error != null) {
                fail(fileName + ": recording its scenario failed: " + error.getMessage());
            } else {
                verified(ui, fileName, expected, recording, stored);
            }
        }));
    }

    /** Where the re-recording of an uploaded recording's scenario stands: waiting in the queue, or running. */
    private void checking(String fileName, RecordingFile.Expected expected, RecordingProgress p) {
        String doing = "Checking " + fileName + ": recording its scenario again\u2026";
        switch (p.state()) {
            case WAITING -> {
                bar.setIndeterminate(true);
                status.setText(doing + " queued, " + p.ahead() + " ahead of it");
            }
            case RUNNING -> {
                bar.setIndeterminate(false);
                bar.setMax(Math.max(1, expected.events()));
                bar.setValue(Math.min(p.events(), expected.events()));
                status.setText(doing + " " + p.events() + " of " + expected.events() + " events");
            }
        }
    }

    private void verified(UI ui, String fileName, RecordingFile.Expected expected, Recording recording,
            StoredScenario stored) {
        try {
            expected.checkSame(fileName, recording);
        } catch (RecordingFile.BadRecordingException e) {
            fail(e.getMessage());
            return;
        }
        ui.navigate(SharedScenarioView.path(stored.scenarioId()));
    }

    private void fail(String message) {
        status.setText(message);
        status.addClassName("fs-import-error");
        Notifications.problem(message);
    }
}
