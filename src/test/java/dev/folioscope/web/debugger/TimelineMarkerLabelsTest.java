package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.store.Bookmark;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the timeline writes at its bookmark markers, so that labels never print over each other. */
class TimelineMarkerLabelsTest {
    private static Bookmark at(int step, String title) {
        return new Bookmark(1L, "id", step, "", title, "", 0L, null, null);
    }

    @Test
    void bookmarksFarApartAreEachLabelledWithTheirTitle() {
        List<Bookmark> list = List.of(at(10, "split"), at(900, "merge"));
        assertThat(TimelinePanel.markerLabels(list, new int[] {10, 900}, 2000)).containsExactly("split", "merge");
    }

    @Test
    void bookmarksTooCloseForTwoLabelsShareTheFirstsWithACountOfTheOthers() {
        // 2000 samples: a label needs 2000/60, i.e. 34 samples, to itself
        List<Bookmark> list = List.of(at(100, "fault"), at(110, "cow"), at(133, "rmap"), at(134, "lru"),
                at(167, "oom"));
        String[] labels = TimelinePanel.markerLabels(list, new int[] {100, 110, 133, 134, 167}, 2000);
        assertThat(labels).containsExactly("fault +2", null, null, "lru +1", null);
    }

    @Test
    void onAShortRecordingOnlyBookmarksAtTheSameStepShareALabel() {
        List<Bookmark> list = List.of(at(3, "a"), at(3, "b"), at(4, "c"));
        assertThat(TimelinePanel.markerLabels(list, new int[] {3, 3, 4}, 20)).containsExactly("a +1", null, "c");
    }

    @Test
    void longTitlesAreShortenedBeforeTheCount() {
        String[] labels = TimelinePanel.markerLabels(List.of(at(0, "x".repeat(50)), at(0, "y")), new int[] {0, 0}, 20);
        assertThat(labels[0]).endsWith(" +1").hasSizeLessThan(50);
        assertThat(Arrays.asList(labels)).containsOnlyOnce((String) null);
    }
}
