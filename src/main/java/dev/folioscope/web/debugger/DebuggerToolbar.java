package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.slider.IntegerSlider;
import com.vaadin.flow.component.textfield.IntegerField;

/**
 * The debugger's toolbar: transport buttons, the step field (Enter jumps), a slider over the
 * whole recording, "step N / last" and the scenario title. Renders the cursor, moves it on input.
 * While a seek is slow, the label says "seeking step N…" (and the CSS greys the toolbar: the
 * view's {@code data-seeking="slow"}).
 */
final class DebuggerToolbar extends Div {
    private final Cursor cursor;
    private final IntegerField stepField = new IntegerField();
    private final IntegerSlider slider;
    private final Span stepLabel = new Span();

    DebuggerToolbar(Cursor cursor) {
        this.cursor = cursor;
        setId("fs-toolbar");
        addClassName("fs-toolbar");

        Anchor home = new Anchor("", "Folioscope");
        home.addClassName("fs-brand");
        home.getElement().setAttribute("title", "Back to the scenario list");

        Div transport = new Div(
                button("fs-first", VaadinIcon.FAST_BACKWARD, "First: step 0, the booted machine (Home)", () -> cursor.moveTo(0)),
                button("fs-back-over", VaadinIcon.BACKWARDS,
                        "Step back over: previous event at the same or a lower depth (Shift+\u2190)", cursor::stepBackOver),
                button("fs-back", VaadinIcon.STEP_BACKWARD, "Step back: previous event (\u2190)", cursor::stepBack),
                button("fs-forward", VaadinIcon.STEP_FORWARD, "Step: next event, into calls (\u2192)", cursor::stepForward),
                button("fs-over", VaadinIcon.FORWARD, "Step over: next event that is not inside this one (Shift+\u2192)",
                        cursor::stepOver),
                button("fs-out", VaadinIcon.ARROW_UP, "Step out: first event after the enclosing call returns",
                        cursor::stepOut),
                button("fs-last", VaadinIcon.FAST_FORWARD, "Last: the end of the recording (End)",
                        () -> cursor.moveTo(cursor.lastStep())));
        transport.addClassName("fs-transport");

        stepField.setId("fs-step-field");
        stepField.addClassName("fs-step-field");
        stepField.setMin(0);
        stepField.setMax(cursor.lastStep());
        stepField.setStepButtonsVisible(false);
        stepField.setAriaLabel("Step");
        stepField.setTooltipText("Type a step and press Enter to jump there");
        stepField.addKeyPressListener(Key.ENTER, e -> jump());
        stepField.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                jump();
            }
        });

        slider = new IntegerSlider(0, Math.max(1, cursor.lastStep()));
        slider.setId("fs-slider");
        slider.addClassName("fs-slider");
        slider.setAriaLabel("Step slider");
        slider.setEnabled(cursor.lastStep() > 0);
        slider.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                cursor.moveTo(e.getValue());
            }
        });

        stepLabel.setId("fs-step-label");
        stepLabel.addClassName("fs-step-label");

        Span title = new Span(cursor.scenario().title());
        title.setId("fs-title");
        title.addClassName("fs-title");
        title.getElement().setAttribute("title", cursor.scenario().name() + ".yaml");

        add(home, transport, new Span("step"), stepField, stepLabel, slider, title);
        if (cursor.recording().cutShort()) {
            Span cut = new Span("cut short");
            cut.setId("fs-cut-short");
            cut.addClassName("fs-flag");
            cut.getElement().setAttribute("title", cursor.recording().cutShortReason());
            add(cut);
        }
        add(ModelNotes.button());
        cursor.follow(this, this::render);
        Cursor.whileAttached(this, () -> cursor.addSeekListener(s -> renderLabel()));
    }

    private Button button(String id, VaadinIcon icon, String tooltip, Runnable action) {
        Button b = new Button(icon.create(), e -> action.run());
        b.setId(id);
        b.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        b.setTooltipText(tooltip);
        b.setAriaLabel(tooltip);
        return b;
    }

    private void jump() {
        Integer v = stepField.getValue();
        if (v == null || v < 0 || v > cursor.lastStep()) {
            dev.folioscope.web.base.Notifications.problem("step " + (v == null ? "(empty)" : v) + " is outside 0.."
                    + cursor.lastStep());
            render();
            return;
        }
        cursor.moveTo(v);
    }

    private void render() {
        int step = cursor.step();
        stepField.setValue(step);
        slider.setValue(step);
        renderLabel();
    }

    /** "N / LAST", or, while a seek has been pending for a while, the step it goes to. */
    private void renderLabel() {
        stepLabel.setText(cursor.seeking() == Cursor.Seeking.SLOW ? "seeking step " + cursor.target() + "\u2026"
                : cursor.step() + " / " + cursor.lastStep());
    }
}
