package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters sampled after every event, for the timeline: NR_FREE_PAGES per zone and nr_free per
 * zone and order. Each series stores only the steps where its value changed, so a counter that
 * rarely moves costs nothing per event.
 */
public final class Counters {
    private final Series[] freePages = new Series[ZoneType.COUNT];
    private final Series[][] nrFree = new Series[ZoneType.COUNT][Zone.NR_PAGE_ORDERS];
    /** The indexes of the populated zones, the ones sampled (present pages are fixed at boot). */
    private final int[] populated;
    /**
     * Each zone's counters as last sampled, side by side in one small array (NR_FREE_PAGES, then
     * nr_free by order): most events change none, and comparing here first costs a few loads
     * from lines that stay cached, where each series' last value may have been evicted long ago.
     */
    private final long[] last = new long[ZoneType.COUNT * PER_ZONE];
    private static final int PER_ZONE = 1 + Zone.NR_PAGE_ORDERS;

    Counters(Kernel booted) {
        for (Zone z : booted.node().zones()) {
            freePages[z.index()] = new Series(z.freePages());
            last[z.index() * PER_ZONE] = z.freePages();
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                nrFree[z.index()][o] = new Series(z.nrFree(o));
                last[z.index() * PER_ZONE + 1 + o] = z.nrFree(o);
            }
        }
        populated = booted.node().zones().stream().filter(Zone::isPopulated).mapToInt(Zone::index).toArray();
    }

    /** Samples the kernel as it is after {@code step}. */
    void sample(int step, Kernel k) {
        for (int zi : populated) {
            Zone z = k.node().zone(zi);
            int at = zi * PER_ZONE;
            long free = z.freePages();
            if (free != last[at]) {
                last[at] = free;
                freePages[zi].observe(step, free);
            }
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                long n = z.nrFree(o);
                if (n != last[at + 1 + o]) {
                    last[at + 1 + o] = n;
                    nrFree[zi][o].observe(step, n);
                }
            }
        }
    }

    /** NR_FREE_PAGES of a zone at a step. */
    public long freePages(int zoneIdx, int step) {
        return freePages[zoneIdx].at(step);
    }

    /** free_area[order].nr_free of a zone at a step. */
    public long nrFree(int zoneIdx, int order, int step) {
        return nrFree[zoneIdx][order].at(step);
    }

    /**
     * Every counter's value at a step, by name, zone by zone: "Normal nr_free_pages" (as zoneinfo
     * names it), then "Normal nr_free[0]" to "Normal nr_free[10]" (buddyinfo's columns).
     */
    public Map<String, Long> at(int step) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ZoneType t : ZoneType.values()) {
            if (freePages[t.ordinal()] != null) {
                out.put(t.kernelName() + " nr_free_pages", freePages(t.ordinal(), step));
                for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                    out.put(t.kernelName() + " nr_free[" + o + "]", nrFree(t.ordinal(), o, step));
                }
            }
        }
        return out;
    }

    /** A value that changes at some steps: value(s) is the value of the last change at or before s. */
    static final class Series {
        private int[] steps = new int[16];
        private long[] values = new long[16];
        private int n;

        Series(long initial) {
            values[0] = initial;
            n = 1;
        }

        void observe(int step, long value) {
            if (values[n - 1] == value) {
                return;
            }
            if (n == steps.length) {
                steps = Arrays.copyOf(steps, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            steps[n] = step;
            values[n++] = value;
        }

        long at(int step) {
            int i = Arrays.binarySearch(steps, 1, n, step);
            return values[i >= 0 ? i : -i - 2];
        }
    }
}
