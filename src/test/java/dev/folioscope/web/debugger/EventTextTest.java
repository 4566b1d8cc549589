package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.EventKind;
import dev.folioscope.recording.Event;
import org.junit.jupiter.api.Test;

/** Events read like a kernel trace: names, hex pfns, decoded masks, what changed. */
class EventTextTest {
    @Test
    void addToFreeListSaysWhere() {
        Event e = new Event(12, EventKind.ADD_TO_FREE_LIST, 11, 6, 0, 0, 0x200, 9, 1, 0, -1);
        assertThat(EventText.effect(e)).isEqualTo(
                "Block 0x200-0x3ff order 9 added to the head of free_area[9].free_list[Movable] of zone DMA.");
        assertThat(EventText.title(e.kind())).isEqualTo("__add_to_free_list \u2014 mm/page_alloc.c");
    }

    @Test
    void allocPagesArgumentsAreDecoded() {
        Event e = new Event(2, EventKind.ALLOC_PAGES, 1, 1, 0, -1, -1, 0, 0, Gfp.GFP_KERNEL, 0x400);
        assertThat(EventText.args(e)).extracting(EventText.Arg::name, EventText.Arg::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cpu", "0"),
                org.assertj.core.groups.Tuple.tuple("order", "0 (1 page)"),
                org.assertj.core.groups.Tuple.tuple("migratetype", "Unmovable"),
                org.assertj.core.groups.Tuple.tuple("gfp", "GFP_KERNEL"),
                org.assertj.core.groups.Tuple.tuple("result", "pfn 0x400"));
    }

    @Test
    void countsAreSingularForOne() {
        Event one = new Event(2, EventKind.ALLOC_PAGES, 1, 1, 0, -1, -1, 0, 0, Gfp.GFP_KERNEL, 0x1070);
        assertThat(EventText.effect(one)).isEqualTo("Returned 0x1070-0x1070 (1 page) to the caller.");
        Event eight = new Event(2, EventKind.ALLOC_PAGES, 1, 1, 0, -1, -1, 3, 0, Gfp.GFP_KERNEL, 0x1070);
        assertThat(EventText.effect(eight)).isEqualTo("Returned 0x1070-0x1077 (8 pages) to the caller.");
    }

    @Test
    void aDescriptionLosesItsHardLineBreaksButKeepsParagraphsAndListItems() {
        String yaml = "How it works,\nin two lines.\n\nSteps:\n- step 1: one\n  and more\n- step 2: two\n";
        assertThat(EventText.reflow(yaml))
                .isEqualTo("How it works, in two lines.\n\nSteps:\n- step 1: one and more\n- step 2: two");
    }

    @Test
    void failedWatermarkCheckIsSpelledOut() {
        Event e = new Event(4, EventKind.ZONE_WATERMARK_OK, 3, 3, 0, 2, -1, 10, -1, 1, 0);
        assertThat(EventText.summary(e, null)).isEqualTo("zone_watermark_ok(Normal, o10) = false (below watermark)");
        assertThat(EventText.effect(e)).contains("fails the low watermark check for order 10");
    }
}
