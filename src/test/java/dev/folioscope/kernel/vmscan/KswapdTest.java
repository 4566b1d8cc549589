package dev.folioscope.kernel.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.proc.ProcFile;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.VmscanEvents;
import dev.folioscope.kernel.trace.KswapdWakeup;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kswapd as far as the model goes before LRU lists exist: woken by the allocator, it balances
 * (reclaiming nothing), takes off the watermark boost it found, and sleeps; a node it cannot
 * balance becomes hopeless after MAX_RECLAIM_RETRIES runs. The 16 MiB machine: ZONE_DMA only,
 * min 128, low 160, high 192; the boost cap is max(pageblock 512, 192 * 15000 / 10000).
 */
class KswapdTest {
    private final Kernel k = TestMachines.boot(16L << 20);
    private final Zone dma = k.node().zone(ZoneType.DMA);

    /**
     * Movable blocks of orders 10, 10, 10, 9 and 8 leave one free order-8 block (256 pages) in the
     * last, Movable pageblock; an Unmovable page then has to claim it — a fallback below a
     * pageblock, which boosts the watermarks and wakes kswapd.
     */
    private int boostByAnUnmovableFallback() {
        TestMachines.allocMovable(k, 10, 10, 10, 9, 8);
        return k.pageAlloc().allocPages(Gfp.GFP_KERNEL, 0);
    }

    @Test
    void kswapdTakesTheBoostOffWhenItRunsEvenIfItReclaimsNothing() {
        EventCollector events = EventCollector.on(k);

        assertEquals(3840, boostByAnUnmovableFallback(), "the claimed order-8 block at 3840 is split");

        assertEquals(512, dma.watermarkBoost(), "one pageblock, under the cap of max(512, 288)");
        assertEquals(MigrateType.UNMOVABLE.ordinal(), k.mem().pageblockMigratetype(3584));
        List<EventCollector.Ev> wakeups = events.of(VmscanEvents.WAKEUP_KSWAPD);
        assertEquals(1, wakeups.size(), "rmqueue wakes kswapd for the boosted zone");
        assertEquals(KswapdWakeup.WOKEN.ordinal(), wakeups.getFirst().result);
        assertFalse(dma.testFlag(Zone.ZONE_BOOSTED_WATERMARK), "rmqueue cleared the flag as it woke kswapd");
        assertFalse(k.node().kswapdSleeping());

        k.schedule();

        assertEquals(0, dma.watermarkBoost(), "balance_pgdat takes off the boost it found");
        assertTrue(k.node().kswapdSleeping());
        assertEquals(1, k.node().kswapdFailures(), "nothing was reclaimed");
        assertEquals(List.of(VmscanEvents.BALANCE_PGDAT, VmscanEvents.KSWAPD_SLEEP), events.childrenOf(VmscanEvents.KSWAPD));
        EventCollector.Ev unboost = events.of(VmscanEvents.UNBOOST_WATERMARK).getFirst();
        assertEquals(0, unboost.arg("watermark_boost"));
        assertEquals(MemMap.PAGEBLOCK_ORDER, events.of(CompactionEvents.WAKEUP_KCOMPACTD).getFirst().arg("order"));
    }

    @Test
    void withTheBoostGoneAKernelAllocationThatTheBoostWouldRefuseIsServed() {
        boostByAnUnmovableFallback();
        k.schedule();

        // 255 pages free: an order-4 block leaves 240 above low 160; with the boost, low was 672.
        assertEquals(255, dma.freePages());
        assertEquals(3856, k.pageAlloc().allocPages(Gfp.GFP_KERNEL, 4));
    }

    @Test
    void thePagesetLimitsAreNotRecomputedFromABoostedWatermark() {
        boostByAnUnmovableFallback();

        // zone_highsize ran at boot with low = 160; a boost does not resize the pagesets.
        assertEquals(672, dma.watermark(dev.folioscope.kernel.mmzone.Watermark.LOW));
        assertTrue(ProcFile.ZONEINFO.render(k).contains("\n              high_min: 160\n"));
    }

    @Test
    void aNodeKswapdCannotBalanceBecomesHopelessAfterSixteenRuns() {
        TestMachines.allocMovable(k, 10, 10, 10, 9, 8);
        EventCollector events = EventCollector.on(k);
        // 256 free: an order-7 block would leave 129, at or below low: the slow path wakes kswapd.
        assertTrue(k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 7) >= 0);
        assertEquals(KswapdWakeup.WOKEN.ordinal(), events.of(VmscanEvents.WAKEUP_KSWAPD).getFirst().result);

        k.schedule();

        // 128 free stays below high (192): every pass fails, until prepare_kswapd_sleep gives up.
        assertEquals(16, events.of(VmscanEvents.BALANCE_PGDAT).size());
        assertEquals(16, events.of(VmscanEvents.KSWAPD).getFirst().result);
        assertEquals(PglistData.MAX_RECLAIM_RETRIES, k.node().kswapdFailures());
        assertTrue(k.node().kswapdSleeping());
        assertTrue(ProcFile.ZONEINFO.render(k).contains("\n  node_unreclaimable:  1\n"));

        events.clear();
        k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        assertEquals(KswapdWakeup.HOPELESS.ordinal(), events.of(VmscanEvents.WAKEUP_KSWAPD).getFirst().result);
    }

    /**
     * kswapd runs one shrink_node pass per operation, so a checkpoint can fall inside a run: on
     * kswapd-vs-direct-reclaim, a kernel and workload forked between two passes of a run finish
     * with the state and the events of the run that was not interrupted.
     */
    @Test
    void aRunForkedBetweenItsPassesEndsAsTheRunThatWasNotInterrupted() {
        dev.folioscope.recording.RecordingInput input = dev.folioscope.catalog.Catalog.input(
                dev.folioscope.catalog.Catalog.shipped("kswapd-vs-direct-reclaim"));
        Kernel whole = Kernel.boot(input.machine());
        dev.folioscope.kernel.Workload w = input.workload();
        List<String> wholeRest = new java.util.ArrayList<>();
        List<String> forkedRest = new java.util.ArrayList<>();
        Kernel forked = null;
        dev.folioscope.kernel.Workload forkedWorkload = null;
        int passesInRuns = 0;
        while (w.runNext(whole)) {
            if (whole.inSchedule() && ++passesInRuns == 3) {
                forked = whole.fork();
                forkedWorkload = w.fork();
                whole.setTracer(lines(wholeRest));
                forked.setTracer(lines(forkedRest));
            }
        }
        assertTrue(passesInRuns > 3, "some kswapd runs take several passes");
        while (forkedWorkload.runNext(forked)) {
            // the rest of the run and of the scenario
        }
        assertEquals(whole.digest(), forked.digest());
        assertTrue(wholeRest.size() > 1000);
        assertEquals(wholeRest.size(), forkedRest.size());
        for (int i = 0; i < wholeRest.size(); i++) {
            assertEquals(wholeRest.get(i), forkedRest.get(i), "event " + i + " after the fork");
        }
    }

    private static String fields(dev.folioscope.kernel.trace.EventType type, long[] args) {
        return java.util.Arrays.toString(java.util.Arrays.copyOf(args, type.schema().arity()));
    }

    /** A tracer that writes each event as a line: type, cpu, pid and fields, or a call's result. */
    private static dev.folioscope.kernel.trace.Tracer lines(List<String> out) {
        return new dev.folioscope.kernel.trace.Tracer() {
            @Override
            public void enter(dev.folioscope.kernel.trace.EventType type, int cpu, int pid, long[] args) {
                out.add("enter " + type + " " + cpu + " " + pid + " " + fields(type, args));
            }

            @Override
            public void exit(long result) {
                out.add("exit " + result);
            }

            @Override
            public void point(dev.folioscope.kernel.trace.EventType type, int cpu, int pid, long[] args) {
                out.add(type + " " + cpu + " " + pid + " " + fields(type, args));
            }
        };
    }
}
