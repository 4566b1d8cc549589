package dev.folioscope.web.debugger;

import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.EventTypes;
import dev.folioscope.kernel.trace.Schema;
import dev.folioscope.recording.EventLog;
import dev.folioscope.recording.Recording;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The steps of a recording where reclaim did something a person looks for on the reclaim
 * timeline: kswapd woken and put to sleep, direct reclaim, compaction, the OOM killer. Found
 * in the event index alone (no replay), once per recording, and cached with it.
 *
 * <p>The kinds are declared once, in {@link #KINDS}, by the kernel function their event reports
 * (the schema's name, so every event type of that function counts, whichever file declares
 * it): a new kind of marker, or a new event for one (kcompactd's run, oom_kill_process, a swap
 * event...), is one line there.
 */
final class ReclaimMarkers {
    /** Whether the event of a step is one the marker stands for (a wakeup that woke, a sleep that slept). */
    @FunctionalInterface
    interface When {
        boolean test(EventLog log, int step);

        /** Every event of the function. */
        static When always() {
            return (log, step) -> true;
        }

        /** A call whose result is the constant {@code name} of the schema's result enum. */
        static When returned(String name) {
            return (log, step) -> {
                Schema s = log.type(step).schema();
                long r = log.result(step);
                return r >= 0 && r < s.result().constants().size()
                        && s.result().constants().get((int) r).name().equals(name);
            };
        }

        /** An event whose field {@code name} is set (a BOOL true, a count above 0). */
        static When set(String name) {
            return (log, step) -> {
                int i = log.type(step).schema().indexOf(name);
                return i >= 0 && log.args(step)[i] != 0;
            };
        }
    }

    /**
     * A kind of marker: the kernel function whose events it marks, its label and tooltip, how it
     * is drawn (an ECharts symbol and colour).
     */
    record Kind(String function, String label, String tip, String symbol, String color, When when) {
    }

    /** The markers of the timeline, top to bottom. */
    static final List<Kind> KINDS = List.of(
            new Kind("wakeup_kswapd", "kswapd wake", "wakeup_kswapd woke the node's kswapd: a zone fell below its low"
                    + " watermark (or was boosted), and kswapd was asleep", "triangle", "#3fb950",
                    When.returned("WOKEN")),
            new Kind("kswapd_try_to_sleep", "kswapd sleep", "kswapd_try_to_sleep: the node is balanced (every zone"
                    + " above its high watermark) or hopeless, and kswapd goes to sleep", "diamond", "#8b949e",
                    When.set("asleep")),
            new Kind("try_to_free_pages", "direct reclaim", "try_to_free_pages: an allocation found no page above the"
                    + " min watermark and reclaims by itself, stalling the task (allocstall)", "rect", "#f85149",
                    When.always()),
            new Kind("try_to_compact_pages", "direct compaction", "try_to_compact_pages: a high-order allocation"
                    + " compacts the zones itself (migrating movable folios to free a block), stalling the task"
                    + " (compact_stall)", "circle", "#bc8cff", When.always()),
            new Kind("kcompactd_do_work", "kcompactd", "kcompactd_do_work: kcompactd, woken by kswapd or at the end"
                    + " of its timed wait with a request noted, compacts the zones in the background until a block of"
                    + " the order asked for is free", "emptyCircle", "#d2a8ff", When.always()),
            new Kind("compact_node", "proactive compaction", "compact_node: kcompactd's half-second check found the"
                    + " node's fragmentation score above vm.compaction_proactiveness's high mark, and compacts every"
                    + " zone until its score is down to the low mark", "emptyDiamond", "#a371f7", When.always()),
            new Kind("out_of_memory", "OOM", "out_of_memory: reclaim made no progress; the OOM killer is asked to free"
                    + " memory by killing a task", "pin", "#ff7b72", When.always()),
            new Kind("__oom_kill_process", "OOM kill", "__oom_kill_process: the task oom_badness chose (the largest"
                    + " RSS + swap + page tables, weighted by oom_score_adj) is sent SIGKILL", "arrow", "#ff4d4f",
                    When.always()));

    private static final Map<Recording, ReclaimMarkers> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    /** By kind, the steps of its markers, ascending. */
    private final int[][] steps;

    private ReclaimMarkers(int[][] steps) {
        this.steps = steps;
    }

    /** The markers of a recording, found on first use and kept as long as the recording is. */
    static ReclaimMarkers of(Recording r) {
        return CACHE.computeIfAbsent(r, rec -> find(rec.events()));
    }

    /** Scans the event index once: the type of each step, and the fields only of candidates. */
    static ReclaimMarkers find(EventLog log) {
        int[] kindOfType = new int[EventTypes.all().size()];
        Arrays.fill(kindOfType, -1);
        for (EventType t : EventTypes.all()) {
            for (int k = 0; k < KINDS.size(); k++) {
                if (KINDS.get(k).function().equals(t.schema().function())) {
                    kindOfType[t.id()] = k;
                }
            }
        }
        int[][] found = new int[KINDS.size()][8];
        int[] n = new int[KINDS.size()];
        for (int s = 1; s <= log.size(); s++) {
            int k = kindOfType[log.typeId(s)];
            if (k >= 0 && KINDS.get(k).when().test(log, s)) {
                if (n[k] == found[k].length) {
                    found[k] = Arrays.copyOf(found[k], n[k] * 2);
                }
                found[k][n[k]++] = s;
            }
        }
        for (int k = 0; k < found.length; k++) {
            found[k] = Arrays.copyOf(found[k], n[k]);
        }
        return new ReclaimMarkers(found);
    }

    /** The steps of a kind's markers, ascending (a copy is not made: do not change it). */
    int[] steps(int kind) {
        return steps[kind];
    }

    /** The last marker of a kind before {@code step}, or -1. */
    int before(int kind, int step) {
        int i = Arrays.binarySearch(steps[kind], step);
        int at = i >= 0 ? i - 1 : -i - 2;
        return at >= 0 ? steps[kind][at] : -1;
    }

    /** The first marker of a kind after {@code step}, or -1. */
    int after(int kind, int step) {
        int i = Arrays.binarySearch(steps[kind], step);
        int at = i >= 0 ? i + 1 : -i - 1;
        return at < steps[kind].length ? steps[kind][at] : -1;
    }
}
