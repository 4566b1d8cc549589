package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.shared.Registration;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.Timeline;
import dev.folioscope.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The debugger's one piece of shared state: which recording, which step, which focus. Every
 * panel renders from it and listens to it while it is attached ({@link #follow}); every change
 * goes through {@link #moveTo} or {@link #focus} and notifies the listeners once (the view
 * mirrors it into the URL).
 *
 * <p><b>Seeks.</b> A move needs the kernel at the new step, which {@link Timeline#seek} computes
 * by re-executing from a checkpoint: up to hundreds of milliseconds on a large recording. So a
 * move only asks for the step; the seek runs on {@link Threads#seeks()} and its result comes back
 * on the UI thread ({@link Threads#ui()}), where {@link #step()} and {@link #moment()} change
 * together and the listeners run. At most one seek per cursor runs at a time and the latest
 * request wins: moves asked for while one runs only set the {@link #target()}, which the next
 * seek goes to when it ends (its own result is dropped unless it is still the target), so a held
 * key asks for one seek at a time, not one per key repeat. Relative moves (step forward, over,
 * out) go from the target. {@link #seeking()} tells the page a seek is pending, and that it is
 * slow once it has been pending for {@link Threads#SLOW_AFTER_MS} ms. A failed seek (replay
 * diverged, out of memory) leaves the cursor where it was and goes to {@link Threads#errors()}.
 *
 * <p>Context: UI thread only (one cursor per debugger view, i.e. per browser tab), except
 * {@link #timeline()}, which the seek threads use.
 */
final class Cursor {
    /** Whether a seek is pending, as the page shows it. */
    enum Seeking {
        /** The panels show the target step. */
        IDLE,
        /** A seek is under way, for less than {@link Threads#SLOW_AFTER_MS} so far: nothing shown. */
        PENDING,
        /** A seek has been under way for longer: the page says so. */
        SLOW
    }

    /**
     * Where a cursor's work runs.
     *
     * @param seeks runs seeks (a bounded pool: they are CPU-bound)
     * @param ui runs a task on the UI thread, under the session lock
     * @param slowTimer runs a task on the UI thread once {@link #SLOW_AFTER_MS} have passed
     * @param errors told, on the UI thread, of a seek that failed
     */
    record Threads(Executor seeks, Executor ui, Executor slowTimer, Consumer<Throwable> errors) {
        /** A seek pending longer than this is shown as such; a quicker one just updates the panels. */
        static final long SLOW_AFTER_MS = 150;

        /**
         * of() - the threads of a cursor in a browser tab: results come back through
         * {@link UI#access} (pushed), dropped when the tab is gone; errors go to the session's
         * error handler, as an exception of an event listener would.
         *
         * @param ui the tab's UI
         * @param seeks the server's seek threads
         */
        static Threads of(UI ui, Executor seeks) {
            Executor access = task -> {
                try {
                    ui.access(task::run);
                } catch (UIDetachedException e) {
                    // the tab was closed while the seek ran: no one to show it to
                }
            };
            return new Threads(seeks, access,
                    CompletableFuture.delayedExecutor(SLOW_AFTER_MS, TimeUnit.MILLISECONDS, access),
                    t -> ErrorEvent.findErrorHandler(ui.getSession()).error(new ErrorEvent(t)));
        }

        /**
         * inline() - everything on the calling thread: a move seeks before it returns, nothing is
         * ever pending, and a failed seek is thrown from the move.
         */
        static Threads inline() {
            return new Threads(Runnable::run, Runnable::run, task -> { }, t -> {
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            });
        }
    }

    private final Scenario scenario;
    private final Recording recording;
    private final Timeline timeline;
    private final IntFunction<Timeline.Moment> seek;
    private final Threads threads;
    private final List<Consumer<Cursor>> listeners = new ArrayList<>();
    private final List<Consumer<Seeking>> seekListeners = new ArrayList<>();
    private int step;
    private Focus focus;
    private Timeline.Moment moment;
    /** The step asked for last; equals {@link #step} unless a seek is pending. */
    private int target;
    /** Whether a seek is running on {@link Threads#seeks()}. */
    private boolean running;
    private Seeking seeking = Seeking.IDLE;
    /** Counts the periods a seek is pending, so that a slow timer of an earlier one is ignored. */
    private int pendingPeriod;

    /**
     * Cursor() - a cursor at a step, seeking it at once on the calling thread.
     *
     * @param threads where later seeks run and their results return
     */
    Cursor(Scenario scenario, Recording recording, int step, Focus focus, Threads threads) {
        this(scenario, recording, step, focus, threads, recording.timeline()::seek);
    }

    /** As above, with the seek function (tests make it fail). */
    Cursor(Scenario scenario, Recording recording, int step, Focus focus, Threads threads,
            IntFunction<Timeline.Moment> seek) {
        this.scenario = scenario;
        this.recording = recording;
        this.timeline = recording.timeline();
        this.seek = seek;
        this.threads = threads;
        this.step = step;
        this.target = step;
        this.focus = focus;
        this.moment = seek.apply(step);
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

    /** The step shown: the one {@link #moment()} is of. */
    int step() {
        return step;
    }

    /** The step asked for last: {@link #step()}, or the step a pending seek goes to. */
    int target() {
        return target;
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

    Seeking seeking() {
        return seeking;
    }

    /**
     * addListener() - be told after every change of step or focus, until removed.
     *
     * @param listener called with this cursor, on the UI thread; not called after its removal,
     *     even within the round of calls that removed it
     * @return the handle that removes the listener.
     */
    Registration addListener(Consumer<Cursor> listener) {
        return Registration.addAndRemove(listeners, listener);
    }

    /**
     * addSeekListener() - be told when a seek becomes pending, slow, or ends, and when the
     * {@link #target()} of a pending seek changes.
     *
     * @param listener called with the state, on the UI thread
     * @return the handle that removes the listener.
     */
    Registration addSeekListener(Consumer<Seeking> listener) {
        return Registration.addAndRemove(seekListeners, listener);
    }

    /**
     * follow() - keep a component rendered from this cursor while it is attached: on attach (or
     * now, if it is attached already) listen and render; on detach stop listening, so that a
     * component out of the layout neither renders nor stays reachable from the cursor.
     *
     * @param component the panel
     * @param render renders it from this cursor; called on attach and after every change
     * @return the handle that stops all of it.
     */
    Registration follow(Component component, Runnable render) {
        return whileAttached(component, () -> {
            Registration r = addListener(c -> render.run());
            render.run();
            return r;
        });
    }

    /**
     * whileAttached() - listen while a component is attached.
     *
     * @param component the component
     * @param listen adds the listeners (and brings the component up to date); called on every
     *     attach, and now if the component is attached already
     * @return the handle that removes the listeners and stops following attach and detach.
     */
    static Registration whileAttached(Component component, Supplier<Registration> listen) {
        Registration[] listening = new Registration[1];
        Runnable start = () -> {
            if (listening[0] == null) {
                listening[0] = listen.get();
            }
        };
        Runnable stop = () -> {
            if (listening[0] != null) {
                listening[0].remove();
                listening[0] = null;
            }
        };
        Registration attach = component.addAttachListener(e -> start.run());
        Registration detach = component.addDetachListener(e -> stop.run());
        if (component.isAttached()) {
            start.run();
        }
        return () -> {
            attach.remove();
            detach.remove();
            stop.run();
        };
    }

    /**
     * moveTo() - go to a step, clamped to 0..lastStep; no-op if it is the target already. The
     * step changes when its seek completes (see the class comment).
     *
     * @param wanted the step wanted
     */
    void moveTo(int wanted) {
        int s = Math.clamp(wanted, 0, lastStep());
        if (s == target) {
            return;
        }
        target = s;
        if (running) {
            tellSeekListeners(); // same state, new target
        } else {
            startSeek(s);
        }
    }

    /**
     * focus() - change what is focused (zone, free list, page...); no-op if unchanged. Takes
     * effect at once, also while a seek is pending.
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
        moveTo(target + 1);
    }

    void stepBack() {
        moveTo(target - 1);
    }

    void stepOver() {
        moveTo(timeline.stepOver(target));
    }

    void stepBackOver() {
        moveTo(timeline.stepBackOver(target));
    }

    void stepOut() {
        moveTo(timeline.stepOut(target));
    }

    private void startSeek(int s) {
        running = true;
        if (seeking == Seeking.IDLE) {
            int period = ++pendingPeriod;
            setSeeking(Seeking.PENDING);
            threads.slowTimer().execute(() -> {
                if (period == pendingPeriod && seeking == Seeking.PENDING) {
                    setSeeking(Seeking.SLOW);
                }
            });
        }
        threads.seeks().execute(() -> {
            Timeline.Moment m;
            try {
                m = seek.apply(s);
            } catch (RuntimeException | Error e) {
                threads.ui().execute(() -> seekEnded(s, null, e));
                return;
            }
            threads.ui().execute(() -> seekEnded(s, m, null));
        });
    }

    /** Back on the UI thread: show the moment if it is still the target, else go on to the target. */
    private void seekEnded(int s, Timeline.Moment m, Throwable error) {
        running = false;
        if (s != target) {
            if (target == step) {
                setSeeking(Seeking.IDLE);
            } else {
                startSeek(target);
            }
            return;
        }
        setSeeking(Seeking.IDLE);
        if (error != null) {
            target = step;
            threads.errors().accept(error);
            return;
        }
        moment = m;
        step = s;
        fire();
    }

    private void setSeeking(Seeking s) {
        if (s == seeking) {
            return;
        }
        seeking = s;
        tellSeekListeners();
    }

    private void tellSeekListeners() {
        for (Consumer<Seeking> l : List.copyOf(seekListeners)) {
            if (seekListeners.contains(l)) {
                l.accept(seeking);
            }
        }
    }

    private void fire() {
        for (Consumer<Cursor> l : List.copyOf(listeners)) {
            if (listeners.contains(l)) {
                l.accept(this);
            }
        }
    }
}
