package dev.folioscope.web.debugger;

import dev.folioscope.recording.Recording;
import dev.folioscope.recording.Timeline;
import dev.folioscope.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The debugger's one piece of shared state: which recording, which step, which focus. Every
 * panel renders from it and listens to it; every change goes through {@link #moveTo} or
 * {@link #focus} and notifies all listeners once (the view mirrors it into the URL).
 *
 * <p>Context: UI thread only (one cursor per debugger view, i.e. per browser tab).
 */
final class Cursor {
    private final Scenario scenario;
    private final Recording recording;
    private final Timeline timeline;
    private final List<Consumer<Cursor>> listeners = new ArrayList<>();
    private int step;
    private Focus focus;
    private Timeline.Moment moment;

    Cursor(Scenario scenario, Recording recording, int step, Focus focus) {
        this.scenario = scenario;
        this.recording = recording;
        this.timeline = recording.timeline();
        this.step = step;
        this.focus = focus;
        this.moment = timeline.seek(step);
    }

    Scenario scenario() {
        return scenario;
    }

    Recording recording() {
        return recording;
    }

    Timeline timeline() {
        return timeline;
    }

    int step() {
        return step;
    }

    int lastStep() {
        return recording.lastStep();
    }

    Focus focus() {
        return focus;
    }

    /** The kernel at the current step, and one step before. */
    Timeline.Moment moment() {
        return moment;
    }

    /**
     * addListener() - be told after every change of step or focus.
     *
     * @param listener called with this cursor, on the UI thread
     */
    void addListener(Consumer<Cursor> listener) {
        listeners.add(listener);
    }

    /**
     * moveTo() - go to a step, clamped to 0..lastStep; no-op if already there.
     *
     * @param target the step wanted
     */
    void moveTo(int target) {
        int s = Math.clamp(target, 0, lastStep());
        if (s == step) {
            return;
        }
        moment = timeline.seek(s);
        step = s;
        fire();
    }

    /**
     * focus() - change what is focused (zone, free list, page); no-op if unchanged.
     *
     * @param f the new focus
     */
    void focus(Focus f) {
        if (f.equals(focus)) {
            return;
        }
        focus = f;
        fire();
    }

    void stepForward() {
        moveTo(step + 1);
    }

    void stepBack() {
        moveTo(step - 1);
    }

    void stepOver() {
        moveTo(timeline.stepOver(step));
    }

    void stepBackOver() {
        moveTo(timeline.stepBackOver(step));
    }

    void stepOut() {
        moveTo(timeline.stepOut(step));
    }

    private void fire() {
        for (Consumer<Cursor> l : List.copyOf(listeners)) {
            l.accept(this);
        }
    }
}
