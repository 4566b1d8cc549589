package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.CursorListenersTest.RECORDING;
import static dev.folioscope.web.debugger.CursorListenersTest.SCENARIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import dev.folioscope.recording.ReplayDivergedException;
import dev.folioscope.recording.Timeline;
import dev.folioscope.web.debugger.Cursor.Seeking;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Seeks run elsewhere and come back to the UI thread; the latest request wins; a seek pending for
 * long is shown as slow; a failed one leaves the cursor where it was. Each kind of thread is a
 * queue here, run by hand, so every interleaving is the test's choice.
 */
class CursorSeeksTest {
    /** An executor that keeps its tasks until told to run them. */
    private static final class Queued implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        /** Runs the tasks queued now, not those they queue. */
        int runAll() {
            int n = tasks.size();
            for (int i = 0; i < n; i++) {
                tasks.poll().run();
            }
            return n;
        }
    }

    private final Queued seeks = new Queued();
    private final Queued ui = new Queued();
    private final Queued slowTimer = new Queued();
    private final List<Throwable> errors = new ArrayList<>();
    private final List<Integer> seeked = new ArrayList<>();
    private final List<Integer> shown = new ArrayList<>();
    private final List<Seeking> states = new ArrayList<>();

    private Cursor cursor(IntFunction<Timeline.Moment> seek) {
        Cursor c = new Cursor(SCENARIO, RECORDING, 0, Focus.NONE,
                new Cursor.Threads(seeks, ui, slowTimer, errors::add), s -> {
                    seeked.add(s);
                    return seek.apply(s);
                });
        seeked.clear();
        c.addListener(x -> shown.add(x.step()));
        c.addSeekListener(s -> {
            if (states.isEmpty() || states.getLast() != s) {
                states.add(s); // each change of state once (a new target of a pending seek is told too)
            }
        });
        return c;
    }

    private Cursor cursor() {
        return cursor(RECORDING.timeline()::seek);
    }

    /** Runs seeks and their returns until nothing is left. */
    private void settle() {
        while (seeks.runAll() + ui.runAll() > 0) {
            // a return may start the next seek
        }
    }

    @Test
    void aMoveShowsItsStepWhenTheSeekReturnsOnTheUiThread() {
        Cursor c = cursor();
        c.moveTo(5);
        assertThat(c.step()).as("nothing moves before the seek is back").isZero();
        assertThat(c.target()).isEqualTo(5);
        assertThat(c.seeking()).isEqualTo(Seeking.PENDING);
        seeks.runAll();
        assertThat(c.step()).as("the seek ran, its result waits for the UI thread").isZero();
        assertThat(shown).isEmpty();
        ui.runAll();
        assertThat(c.step()).isEqualTo(5);
        assertThat(c.moment().step()).isEqualTo(5);
        assertThat(shown).containsExactly(5);
        assertThat(states).containsExactly(Seeking.PENDING, Seeking.IDLE);
    }

    @Test
    void heldKeysAskForOneSeekAtATimeAndTheLatestTargetWins() {
        Cursor c = cursor();
        c.stepForward();
        for (int i = 0; i < 99; i++) {
            c.stepForward();
        }
        assertThat(c.target()).as("relative moves go from the target").isEqualTo(100);
        assertThat(seeks.tasks).hasSize(1);
        settle();
        assertThat(seeked).as("the first, then straight to the latest").containsExactly(1, 100);
        assertThat(shown).as("the superseded result is never shown").containsExactly(100);
        assertThat(states).containsExactly(Seeking.PENDING, Seeking.IDLE);
    }

    @Test
    void movingBackToTheShownStepWhileASeekRunsEndsWithoutAChange() {
        Cursor c = cursor();
        c.moveTo(3);
        c.moveTo(0);
        settle();
        assertThat(seeked).containsExactly(3);
        assertThat(shown).isEmpty();
        assertThat(c.step()).isZero();
        assertThat(c.seeking()).isEqualTo(Seeking.IDLE);
    }

    @Test
    void aSeekPendingLongerThanTheDelayIsShownAsSlow() {
        Cursor c = cursor();
        c.moveTo(7);
        assertThat(slowTimer.tasks).hasSize(1);
        slowTimer.runAll();
        assertThat(c.seeking()).isEqualTo(Seeking.SLOW);
        c.moveTo(9);
        assertThat(slowTimer.tasks).as("still the same pending period").isEmpty();
        settle();
        assertThat(c.step()).isEqualTo(9);
        assertThat(states).containsExactly(Seeking.PENDING, Seeking.SLOW, Seeking.IDLE);
    }

    @Test
    void aQuickSeekIsNeverShownAsSlowNorIsTheNextOneByAnOldTimer() {
        Cursor c = cursor();
        c.moveTo(7);
        settle();
        c.moveTo(8);
        slowTimer.runAll(); // the first period's timer and the second's, both late
        assertThat(c.seeking()).as("the second period's own timer").isEqualTo(Seeking.SLOW);
        settle();
        Cursor d = cursor();
        states.clear();
        d.moveTo(4);
        settle();
        slowTimer.runAll();
        assertThat(states).containsExactly(Seeking.PENDING, Seeking.IDLE);
    }

    @Test
    void aFocusChangeTakesEffectWhileASeekIsPending() {
        Cursor c = cursor();
        c.moveTo(2);
        c.focus(Focus.NONE.withZone(0));
        assertThat(shown).containsExactly(0);
        settle();
        assertThat(shown).containsExactly(0, 2);
        assertThat(c.focus().zone()).isZero();
    }

    @Test
    void aFailedSeekIsReportedAndTheCursorStaysWhereItWas() {
        Cursor c = cursor(s -> {
            if (s == 6) {
                throw new ReplayDivergedException("replay diverged at step 6");
            }
            if (s == 8) {
                throw new OutOfMemoryError("Java heap space");
            }
            return RECORDING.timeline().seek(s);
        });
        c.moveTo(6);
        settle();
        assertThat(errors).singleElement().asString().contains("replay diverged at step 6");
        assertThat(c.step()).isZero();
        assertThat(c.target()).as("the next move goes from the step shown").isZero();
        assertThat(c.seeking()).isEqualTo(Seeking.IDLE);
        c.moveTo(8);
        settle();
        assertThat(errors).hasSize(2).last().isInstanceOf(OutOfMemoryError.class);
        c.stepForward();
        settle();
        assertThat(c.step()).isEqualTo(1);
        assertThat(shown).containsExactly(1);
    }

    @Test
    void aSupersededSeekThatFailedIsNotReported() {
        Cursor c = cursor(s -> {
            if (s == 6) {
                throw new ReplayDivergedException("replay diverged at step 6");
            }
            return RECORDING.timeline().seek(s);
        });
        c.moveTo(6);
        c.moveTo(7);
        settle();
        assertThat(errors).isEmpty();
        assertThat(shown).containsExactly(7);
    }

    @Test
    void theToolbarSaysSoWhileASeekIsSlowOnly() {
        Cursor c = cursor();
        UI page = new UI();
        DebuggerToolbar toolbar = new DebuggerToolbar(c);
        page.add(toolbar);
        Span label = (Span) toolbar.getChildren().filter(x -> x.getId().orElse("").equals("fs-step-label"))
                .findFirst().orElseThrow();
        String last = " / " + c.lastStep();
        assertThat(label.getText()).isEqualTo("0" + last);
        c.moveTo(7);
        assertThat(label.getText()).as("pending, not yet slow: unchanged").isEqualTo("0" + last);
        slowTimer.runAll();
        assertThat(label.getText()).isEqualTo("seeking step 7\u2026");
        c.moveTo(9);
        assertThat(label.getText()).isEqualTo("seeking step 9\u2026");
        settle();
        assertThat(label.getText()).isEqualTo("9" + last);
        c.moveTo(10);
        settle();
        assertThat(label.getText()).isEqualTo("10" + last);
    }

    @Test
    void inlineThreadsMoveBeforeReturningAndThrowWhatFailed() {
        Cursor c = new Cursor(SCENARIO, RECORDING, 0, Focus.NONE, Cursor.Threads.inline(), s -> {
            if (s == 2) {
                throw new ReplayDivergedException("replay diverged at step 2");
            }
            return RECORDING.timeline().seek(s);
        });
        c.stepForward();
        assertThat(c.step()).isEqualTo(1);
        assertThat(c.seeking()).isEqualTo(Seeking.IDLE);
        assertThatThrownBy(c::stepForward).isInstanceOf(ReplayDivergedException.class);
        assertThat(c.step()).isEqualTo(1);
        assertThat(c.target()).isEqualTo(1);
    }
}
