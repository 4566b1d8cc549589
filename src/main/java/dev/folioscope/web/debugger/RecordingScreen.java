package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.folioscope.web.recordings.RecordingProgress;
import java.util.Locale;

/**
 * What the debugger shows while its scenario records ({@link DebuggerView}): how many recordings
 * wait before it in the server's queue, or how many events it has recorded, with a bar against the
 * event budget; and Cancel, a button (Tab reaches it, Enter, Space or Esc press it).
 */
final class RecordingScreen extends Div {
    private final String title;
    private final Span text = new Span();
    private final ProgressBar bar = new ProgressBar();
    private final Button cancel = new Button("Cancel");

    /** The screen of a recording just asked for, whose first progress report is still to come. */
    RecordingScreen(String title) {
        this.title = title;
        setId("fs-recording");
        addClassName("fs-recording");
        text.setId("fs-recording-text");
        text.setText("recording \u201c" + title + "\u201d\u2026");
        bar.setId("fs-recording-bar");
        bar.setIndeterminate(true);
        cancel.setId("fs-recording-cancel");
        cancel.addThemeVariants(ButtonVariant.SMALL);
        cancel.addClickShortcut(Key.ESCAPE);
        cancel.setTooltipText("Stop this recording and go back (Esc)");
        Div actions = new Div(cancel);
        actions.addClassName("fs-recording-actions");
        add(text, bar, actions);
    }

    /** onCancel() - what Cancel does. Context: UI thread. */
    void onCancel(Runnable action) {
        cancel.addClickListener(e -> action.run());
    }

    /**
     * show() - draw where the recording stands.
     *
     * <p>Context: UI thread.
     */
    void show(RecordingProgress p) {
        switch (p.state()) {
            case WAITING -> {
                text.setText("queued: " + (p.ahead() == 0 ? "this recording starts next, when one running now finishes"
                        : p.ahead() + (p.ahead() == 1 ? " recording" : " recordings") + " ahead of this one"));
                bar.setIndeterminate(true);
                bar.getElement().setAttribute("title", "The server makes a few recordings at a time, taking turns"
                        + " between the people who asked");
            }
            case RUNNING -> {
                text.setText(String.format(Locale.ROOT, "recording \u201c%s\u201d\u2026 %,d events", title, p.events()));
                bar.setIndeterminate(false);
                bar.setMax(p.eventBudget());
                bar.setValue(p.events());
                bar.getElement().setAttribute("title", String.format(Locale.ROOT, "Events recorded out of the"
                        + " recording budget of %,d: a recording ends at its scenario's end or at the budget, whichever"
                        + " comes first", p.eventBudget()));
            }
        }
    }
}
