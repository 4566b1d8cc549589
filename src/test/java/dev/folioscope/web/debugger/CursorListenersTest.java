package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.shared.Registration;
import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listeners come and go with their registration, and panels listen exactly while they are attached. */
class CursorListenersTest {
    static final Scenario SCENARIO = Catalog.shipped("buddy-split-merge");
    static final Recording RECORDING = Recorder.record(Catalog.input(SCENARIO), n -> { });

    /** A panel that counts its renders. */
    private static final class CountingPanel extends Panel {
        final List<Integer> rendered = new ArrayList<>();
        private final Cursor cursor;

        CountingPanel(Cursor cursor) {
            super("Counting", "fs-counting", cursor);
            this.cursor = cursor;
        }

        @Override
        protected void render() {
            rendered.add(cursor.step());
        }
    }

    private static Cursor cursor() {
        return new Cursor(SCENARIO, RECORDING, 0, Focus.NONE, Cursor.Threads.inline());
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        Cursor cursor = cursor();
        List<Integer> heard = new ArrayList<>();
        Registration r = cursor.addListener(c -> heard.add(c.step()));
        cursor.stepForward();
        cursor.focus(Focus.NONE.withZone(0));
        r.remove();
        cursor.stepForward();
        cursor.focus(Focus.NONE);
        assertThat(heard).containsExactly(1, 1);
    }

    @Test
    void aListenerRemovedByAnotherDuringAChangeIsNotCalledForIt() {
        Cursor cursor = cursor();
        List<String> heard = new ArrayList<>();
        Registration[] second = new Registration[1];
        cursor.addListener(c -> {
            heard.add("first");
            second[0].remove();
        });
        second[0] = cursor.addListener(c -> heard.add("second"));
        cursor.stepForward();
        assertThat(heard).containsExactly("first");
    }

    @Test
    void aPanelRendersWhileAttachedOnly() {
        Cursor cursor = cursor();
        CountingPanel panel = new CountingPanel(cursor);
        assertThat(panel.rendered).as("nothing before it is attached").isEmpty();
        cursor.stepForward();
        assertThat(panel.rendered).isEmpty();

        UI ui = new UI();
        Div layout = new Div();
        ui.add(layout);
        layout.add(panel);
        assertThat(panel.rendered).as("rendered on attach, at the cursor's step").containsExactly(1);
        cursor.stepForward();
        assertThat(panel.rendered).containsExactly(1, 2);

        layout.remove(panel);
        cursor.stepForward();
        cursor.focus(Focus.NONE.withZone(0));
        assertThat(panel.rendered).as("a detached panel no longer renders").containsExactly(1, 2);

        layout.add(panel);
        assertThat(panel.rendered).as("rendered again on re-attach").containsExactly(1, 2, 3);
        cursor.stepForward();
        assertThat(panel.rendered).as("one render per change: one listener, not two").containsExactly(1, 2, 3, 4);

        ui.remove(layout);
        cursor.stepForward();
        assertThat(panel.rendered).as("detached with its parent").containsExactly(1, 2, 3, 4);
    }

    @Test
    void followingCanBeStoppedAltogether() {
        Cursor cursor = cursor();
        UI ui = new UI();
        Div component = new Div();
        ui.add(component);
        List<Integer> heard = new ArrayList<>();
        Registration r = cursor.follow(component, () -> heard.add(cursor.step()));
        assertThat(heard).as("attached already: rendered at once").containsExactly(0);
        r.remove();
        cursor.stepForward();
        ui.remove(component);
        ui.add(component);
        assertThat(heard).containsExactly(0);
    }
}
