package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.Timeline;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every memory view renders at steps spread over every shipped scenario, with the defaults the
 * event at each step gives (no focus) and with the focus those defaults would set: nothing
 * throws, and the page-table view finds a process wherever the folio view finds a mapping.
 */
class MemoryViewsScenariosTest {
    /** Steps looked at per scenario, spread evenly. */
    private static final int SAMPLES = 60;

    static Stream<String> scenarios() {
        return Catalog.shippedNames().stream();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyViewRendersAcrossTheScenario(String name) {
        Recording rec = Recorder.record(Catalog.input(Catalog.shipped(name)), n -> { });
        Timeline timeline = rec.timeline();
        int last = rec.lastStep();
        for (int i = 0; i <= SAMPLES; i++) {
            int step = (int) ((long) last * i / SAMPLES);
            Timeline.Moment m = timeline.seek(step);
            ViewContext ctx = new ViewContext(m.kernel(), m.before(), Focus.NONE, step,
                    step == 0 ? null : rec.events().get(step), rec.events(), rec.objects());
            for (Function<ViewContext, String> view : java.util.List.<Function<ViewContext, String>>of(
                    ProcessPanel::render, PageTablePanel::render, FolioPanel::render, LruPanel::render,
                    PhysMapPanel::render, SwapPanel::render)) {
                assertThat(view.apply(ctx)).as(name + " at step " + step).isNotEmpty();
            }
            var task = ctx.task();
            if (task != null && task.alive() && ctx.va(task) >= 0) {
                Focus pinned = Focus.NONE.with(FocusKey.PID, task.pid()).with(FocusKey.VA, ctx.va(task));
                ViewContext at = new ViewContext(m.kernel(), m.before(), pinned, step, ctx.event(), rec.events(),
                        rec.objects());
                assertThat(PageTablePanel.render(at)).contains("<td>pgd</td>")
                        .as(name + " at step " + step);
            }
        }
    }
}
