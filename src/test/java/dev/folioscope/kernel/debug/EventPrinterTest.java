package dev.folioscope.kernel.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.folioscope.kernel.debug.EventPrinter.Values;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.EventTypes;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.Schema;
import dev.folioscope.kernel.trace.FieldType;
import org.junit.jupiter.api.Test;

/** Events print from their schemas alone: names, hex pfns, decoded masks, and what changed. */
class EventPrinterTest {
    /** An event type whose sentence names a field it does not have. */
    private enum BadEvents implements EventType {
        NAMES_NO_FIELD(Schema.point("f", "mm/f.c").f("count", FieldType.INT).says("{count} of {nope}"));

        private final Schema schema;

        BadEvents(Schema schema) {
            this.schema = schema;
        }

        @Override
        public Schema schema() {
            return schema;
        }
    }

    private static final int MOVABLE = MigrateType.MOVABLE.ordinal();

    @Test
    void aBlockAddedToAFreeListSaysWhichBlockAndWhere() {
        Values e = new Values(PageAllocEvents.ADD_TO_FREE_LIST, 0, 0, new long[] {ZoneType.DMA.ordinal(), 0x200, 9,
            MOVABLE, 0}, 0);
        assertThat(EventPrinter.says(e)).isEqualTo(
                "Block 0x200-0x3ff order 9 added to the head of free_area[9].free_list[Movable] of zone DMA.");
    }

    @Test
    void argumentsAreDecodedByTheirTypes() {
        Values e = new Values(PageAllocEvents.ALLOC_PAGES, 0, 0, new long[] {Gfp.GFP_KERNEL, 3,
            MigrateType.UNMOVABLE.ordinal()}, 0x400);
        assertThat(EventPrinter.args(e)).extracting(a -> a.field().name(), EventPrinter.Arg::value).containsExactly(
                tuple("gfp_flags", "GFP_KERNEL"), tuple("order", "3 (8 pages)"), tuple("migratetype", "Unmovable"),
                tuple("result", "0x400 (1024)"));
        assertThat(EventPrinter.says(e)).isEqualTo("Returned 0x400-0x407 order 3 to the caller.");
    }

    @Test
    void aFailedCallTakesTheOtherBranch() {
        Values e = new Values(PageAllocEvents.ALLOC_PAGES, 0, 0, new long[] {Gfp.GFP_KERNEL, 0, 0}, -1);
        assertThat(EventPrinter.says(e)).isEqualTo("The allocation failed: no page was returned.");
        assertThat(EventPrinter.summary(e)).isEqualTo(
                "__alloc_pages(gfp_flags=GFP_KERNEL, order=0, migratetype=Unmovable) = NULL");
    }

    @Test
    void aFailedWatermarkCheckIsSpelledOut() {
        Values e = new Values(PageAllocEvents.ZONE_WATERMARK_OK, 0, 0, new long[] {ZoneType.NORMAL.ordinal(), 10,
            Watermark.LOW.ordinal(), 0}, 0);
        assertThat(EventPrinter.summary(e)).isEqualTo("zone_watermark_ok(zone=Normal, order=10, mark=WMARK_LOW, ok=false)");
        assertThat(EventPrinter.says(e)).isEqualTo(
                "No state change: zone Normal fails the WMARK_LOW watermark check for order 10.");
    }

    /**
     * Every sentence of every schema fills in, whichever branch its values take: a placeholder
     * naming no field, or an unbalanced brace, fails here rather than in front of a user.
     */
    @Test
    void everySchemasSentenceFillsInForBothBranches() {
        for (EventType t : EventTypes.all()) {
            Schema s = t.schema();
            for (long v : new long[] {0, 1}) {
                long[] args = new long[s.arity()];
                java.util.Arrays.fill(args, v);
                String text = EventPrinter.says(new Values(t, 0, 0, args, v));
                assertThat(text).as(t.name()).isNotBlank().doesNotContain("{").doesNotContain("}");
            }
        }
    }

    @Test
    void aSentenceNamingNoFieldIsRefused() {
        assertThatThrownBy(() -> EventPrinter.says(new Values(BadEvents.NAMES_NO_FIELD, 0, 0,
                new long[] {1}, 0))).hasMessage("NAMES_NO_FIELD has no field nope");
    }
}
