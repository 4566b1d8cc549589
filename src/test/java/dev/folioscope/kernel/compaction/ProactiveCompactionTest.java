package dev.folioscope.kernel.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.CompactionEvents.CompactResult;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.recording.RecordingInput;
import dev.folioscope.scenario.ScenarioWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kcompactd's timed wait and proactive compaction (mm/compaction.c: kcompactd,
 * should_proactive_compact_node, compact_node), on the shipped scenario compaction-proactive and
 * variants of its text.
 */
class ProactiveCompactionTest {
    private record Run(Kernel kernel, EventCollector events) {
        List<EventCollector.Ev> of(CompactionEvents t) {
            return events.of(t);
        }
    }

    private static Run run(String name, String text) {
        RecordingInput input = Catalog.inputFromText(name, text);
        Kernel k = Kernel.boot(input.machine());
        ScenarioWorkload w = (ScenarioWorkload) input.workload();
        EventCollector events = EventCollector.on(k);
        while (w.runNext(k)) {
            // each operation in turn (ShippedScenariosInvariantTest checks the shipped scenario's invariants)
        }
        return new Run(k, events);
    }

    private static String shippedText(String name) throws Exception {
        return java.nio.file.Files.readString(java.nio.file.Path.of("scenarios", name + ".yaml"));
    }

    /**
     * The idle step's first half second finds the node's score (98) above the high mark (90) and
     * compacts; each zone stops when its own score is at most 80 or its scanners meet; the order-9
     * allocation after it needs no direct compaction.
     */
    @Test
    void aFragmentedNodeIsCompactedWhileIdleAndTheHugePageAllocationThenNeedsNoStall() throws Exception {
        Run r = run("compaction-proactive", shippedText("compaction-proactive"));
        EventCollector.Ev first = r.of(CompactionEvents.SHOULD_PROACTIVE_COMPACT).getFirst();
        assertThat(first.arg("score")).isGreaterThan(first.arg("wmark_high"));
        assertThat(first.arg("wmark_high")).isEqualTo(90);
        assertThat(first.arg("compact")).isEqualTo(1);
        List<EventCollector.Ev> runs = r.of(CompactionEvents.COMPACT_NODE);
        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst().result).isLessThan(runs.getFirst().arg("score"));
        List<EventCollector.Ev> finished = r.of(CompactionEvents.COMPACT_FINISHED).stream()
                .filter(e -> e.arg("order") == Compaction.ORDER_ANY && e.arg("status") != CompactResult.CONTINUE.ordinal())
                .toList();
        assertThat(finished).extracting(e -> e.arg("status")).containsExactly(
                (long) CompactResult.COMPLETE.ordinal(), (long) CompactResult.SUCCESS.ordinal());
        PglistData node = r.kernel().node();
        assertThat(node.vmEvents(VmEvent.KCOMPACTD_MIGRATE_SCANNED)).isPositive();
        assertThat(node.vmEvents(VmEvent.PGMIGRATE_SUCCESS)).isPositive();
        assertThat(node.vmEvents(VmEvent.COMPACTSTALL)).isZero();
        assertThat(r.events.of(PageAllocEvents.WARN_ALLOC)).isEmpty();
        // every later check finds the score at or below the high mark and only sleeps on
        assertThat(r.of(CompactionEvents.SHOULD_PROACTIVE_COMPACT).stream().skip(1)).allMatch(e -> e.arg("compact") == 0);
    }

    /** With vm.compaction_proactiveness 0 kcompactd has no timer: idling moves nothing, and the allocation stalls. */
    @Test
    void proactivenessZeroLeavesTheNodeFragmented() throws Exception {
        String text = shippedText("compaction-proactive").replace("sysctl: {watermark_boost_factor: 0}",
                "sysctl: {watermark_boost_factor: 0, compaction_proactiveness: 0}");
        Run r = run("compaction-proactive", text);
        assertThat(r.of(CompactionEvents.SHOULD_PROACTIVE_COMPACT)).isEmpty();
        assertThat(r.of(CompactionEvents.KCOMPACTD_SLEEP)).isEmpty();
        assertThat(r.kernel().node().vmEvents(VmEvent.COMPACTSTALL)).isPositive();
    }

    /**
     * A request kswapd noted without waking kcompactd (no zone was worth it then) is worked on when
     * the timed wait runs out, before any proactive check, and the wait starts over at 500 ms.
     */
    @Test
    void aNotedRequestIsWorkedOnWhenTheWaitRunsOut() {
        Kernel k = TestMachines.boot(64 << 20);
        EventCollector events = EventCollector.on(k);
        k.node().setKcompactd(9, 1, false);
        k.idleSecond();
        assertThat(events.of(CompactionEvents.KCOMPACTD)).hasSize(1);
        assertThat(k.node().kcompactdMaxOrder()).isZero();
        assertThat(events.of(CompactionEvents.KCOMPACTD_SLEEP)).extracting(e -> e.arg("timeout_ms"))
                .containsExactly(500L, 500L);
        assertThat(events.of(CompactionEvents.SHOULD_PROACTIVE_COMPACT)).hasSize(1);
    }

    /**
     * compaction-high-order's 10 MiB machine, idle after its fragmentation: proactive compaction
     * moves folios, but the pages it frees wait on the per-CPU list (compact_zone drains only for a
     * real order), so the score does not fall; the next check is put off 64 × 500 ms = 32 s.
     */
    @Test
    void aRunThatDoesNotLowerTheScoreDefersTheNextCheck() throws Exception {
        String text = shippedText("compaction-high-order");
        text = text.substring(0, text.indexOf("  - alloc: {label: pin")) + "  - idle: {seconds: 40}\n";
        Run r = run("compaction-high-order", text);
        List<EventCollector.Ev> runs = r.of(CompactionEvents.COMPACT_NODE);
        assertThat(runs).isNotEmpty();
        assertThat(runs.getFirst().result).isGreaterThanOrEqualTo(runs.getFirst().arg("score"));
        List<Long> waits = r.of(CompactionEvents.KCOMPACTD_SLEEP).stream().map(e -> e.arg("timeout_ms")).toList();
        int deferred = waits.indexOf(32000L);
        assertThat(deferred).isPositive();
        // 63 half seconds of the deferred wait pass with nothing but the count-down
        assertThat(waits.subList(deferred + 1, deferred + 64)).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 63).map(i -> 32000 - 500 * i).boxed().toList());
        assertThat(r.of(CompactionEvents.SHOULD_PROACTIVE_COMPACT)).hasSize(2);
    }
}
