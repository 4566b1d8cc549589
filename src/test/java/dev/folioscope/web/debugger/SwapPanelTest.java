package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.Timeline;
import org.junit.jupiter.api.Test;

/** The swap view's HTML on shipped scenarios, at their last step. */
class SwapPanelTest {

    private static String renderLast(String scenario) {
        Recording rec = Recorder.record(Catalog.input(Catalog.shipped(scenario)), n -> { });
        int last = rec.lastStep();
        Timeline.Moment m = rec.timeline().seek(last);
        return SwapPanel.render(new ViewContext(m.kernel(), m.before(), Focus.NONE, last, rec.events().get(last),
                rec.events(), rec.objects()));
    }

    @Test
    void afterTheFinalMunmapEverySlotButTheHeaderIsFree() {
        String html = renderLast("madvise-pageout");
        // a 16 MiB swap file: 4096 pages, the header one of them, in 8 clusters of 512
        assertThat(html).contains("size 16380 kB (4095 slots) \u00b7 used 0 kB \u00b7 free 16380 kB")
                .contains("SwapCached 0 kB");
        assertThat(html.split("class=\"fs-cell fs-swap-cluster").length - 1).isEqualTo(8);
        assertThat(html).contains("data-cluster=\"0\"").containsPattern("data-cluster=\"0\"[^>]*>1</span>");
        assertThat(html).contains("<span id=\"fs-swap-cached\">0 folios</span>");
    }

    @Test
    void aMachineWithoutSwapSaysSoInOneLine() {
        assertThat(renderLast("oom-kill-score-adj")).isEqualTo("<p class=\"fs-muted\" id=\"fs-swap-none\">no swap:"
                + " this machine has no swap device (anonymous memory cannot be reclaimed)</p>");
    }
}
