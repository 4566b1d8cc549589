package dev.folioscope.web.debugger;

import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.trace.FolioReclaim;
import dev.folioscope.recording.EventLog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scan window of the shrink_inactive_list call a step is inside: the folios
 * isolate_lru_folios took from the tail of the list, found (without replay) as the folios its
 * shrink_folio_list decided, each with the step of its decision and the outcome.
 *
 * @param call the step of the shrink_inactive_list call
 * @param list the inactive list it scans
 * @param decisions by folio (in the order shrink_folio_list tried them), the step of its
 *     decision and the outcome as {@code long[] {step, FolioReclaim ordinal}}
 */
record LruScanWindow(int call, LruList list, Map<Integer, long[]> decisions) {
    private static final String CALL = "shrink_inactive_list";
    private static final String DECISION = "shrink_folio_list: folio";

    /** The window around {@code step}, or null if the step is not inside a shrink_inactive_list. */
    static LruScanWindow at(EventLog log, int step) {
        if (log == null || step <= 0) {
            return null;
        }
        int call = step;
        while (call > 0 && !log.type(call).schema().function().equals(CALL)) {
            call = log.parent(call);
        }
        if (call == 0) {
            return null;
        }
        Map<Integer, long[]> decisions = new LinkedHashMap<>();
        int depth = log.depth(call);
        int folio = -1;
        int outcome = -1;
        for (int s = call + 1; s <= log.size() && log.depth(s) > depth; s++) {
            if (log.type(s).schema().function().equals(DECISION)) {
                if (folio < 0) {
                    folio = log.type(s).schema().indexOf("folio");
                    outcome = log.type(s).schema().indexOf("outcome");
                }
                long[] a = log.args(s);
                decisions.put((int) a[folio], new long[] {s, a[outcome]});
            }
        }
        int lru = log.type(call).schema().indexOf("lru");
        return new LruScanWindow(call, LruList.of((int) log.args(call)[lru]), decisions);
    }

    boolean contains(int pfn) {
        return decisions.containsKey(pfn);
    }

    /** The outcome of a folio of the window if it was decided at or before {@code step}, else null. */
    FolioReclaim decided(int pfn, int step) {
        long[] d = decisions.get(pfn);
        return d == null || d[0] > step ? null : FolioReclaim.values()[(int) d[1]];
    }
}
