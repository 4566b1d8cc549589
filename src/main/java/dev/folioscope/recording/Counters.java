package dev.folioscope.recording;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters sampled after every event, for the timeline and the memory-pressure views:
 * NR_FREE_PAGES per zone and nr_free per zone and order, each zone's effective min/low/high
 * watermarks (a boost moves them), the size of each of the node's LRU lists and reclaim's
 * cumulative VM events ({@link #RECLAIM_EVENTS}). Each series stores only the steps where its
 * value changed, so a counter that rarely moves costs nothing per event.
 */
public final class Counters {
    private final Series[] freePages = new Series[ZoneType.COUNT];
    private final Series[][] nrFree = new Series[ZoneType.COUNT][Zone.NR_PAGE_ORDERS];
    private final Series[][] watermarks = new Series[ZoneType.COUNT][WATERMARKS.length];
    private final Series[] lruSizes = new Series[LruList.COUNT];
    private final Series[] reclaimEvents = new Series[RECLAIM_EVENTS.size()];
    /** The node's LRU sizes, then its reclaim events, as last sampled (see {@link #last}). */
    private final long[] lastNode = new long[LruList.COUNT + RECLAIM_EVENTS.size()];
    /** The indexes of the populated zones, the ones sampled (present pages are fixed at boot). */
    private final int[] populated;
    /**
     * Each zone's counters as last sampled, side by side in one small array (NR_FREE_PAGES, then
     * nr_free by order): most events change none, and comparing here first costs a few loads
     * from lines that stay cached, where each series' last value may have been evicted long ago.
     */
    private final long[] last = new long[ZoneType.COUNT * PER_ZONE];
    /** The watermarks sampled, with their boost: the ones reclaim and the allocator compare with. */
    private static final Watermark[] WATERMARKS = {Watermark.MIN, Watermark.LOW, Watermark.HIGH};
    private static final int PER_ZONE = 1 + Zone.NR_PAGE_ORDERS + WATERMARKS.length;
    /** The VM events sampled: how many pages kswapd and direct reclaim scanned and reclaimed. */
    public static final List<VmEvent> RECLAIM_EVENTS = List.of(VmEvent.PGSCAN_KSWAPD,
            VmEvent.PGSCAN_DIRECT, VmEvent.PGSTEAL_KSWAPD, VmEvent.PGSTEAL_DIRECT);

    Counters(Kernel booted) {
        for (Zone z : booted.node().zones()) {
            freePages[z.index()] = new Series(z.freePages());
            last[z.index() * PER_ZONE] = z.freePages();
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                nrFree[z.index()][o] = new Series(z.nrFree(o));
                last[z.index() * PER_ZONE + 1 + o] = z.nrFree(o);
            }
            for (int w = 0; w < WATERMARKS.length; w++) {
                watermarks[z.index()][w] = new Series(z.watermark(WATERMARKS[w]));
                last[z.index() * PER_ZONE + 1 + Zone.NR_PAGE_ORDERS + w] = z.watermark(WATERMARKS[w]);
            }
        }
        PglistData node = booted.node();
        for (LruList l : LruList.values()) {
            lastNode[l.ordinal()] = node.lruvec().size(l);
            lruSizes[l.ordinal()] = new Series(lastNode[l.ordinal()]);
        }
        for (int e = 0; e < RECLAIM_EVENTS.size(); e++) {
            lastNode[LruList.COUNT + e] = node.vmEvents(RECLAIM_EVENTS.get(e));
            reclaimEvents[e] = new Series(lastNode[LruList.COUNT + e]);
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
            for (int w = 0; w < WATERMARKS.length; w++) {
                long v = z.watermark(WATERMARKS[w]);
                if (v != last[at + 1 + Zone.NR_PAGE_ORDERS + w]) {
                    last[at + 1 + Zone.NR_PAGE_ORDERS + w] = v;
                    watermarks[zi][w].observe(step, v);
                }
            }
        }
        PglistData node = k.node();
        Lruvec lruvec = node.lruvec();
        for (int l = 0; l < LruList.COUNT; l++) {
            long n = lruvec.size(LruList.of(l));
            if (n != lastNode[l]) {
                lastNode[l] = n;
                lruSizes[l].observe(step, n);
            }
        }
        for (int e = 0; e < reclaimEvents.length; e++) {
            long n = node.vmEvents(RECLAIM_EVENTS.get(e));
            if (n != lastNode[LruList.COUNT + e]) {
                lastNode[LruList.COUNT + e] = n;
                reclaimEvents[e].observe(step, n);
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

    /** A zone's effective watermark (boost included) at a step: MIN, LOW or HIGH. */
    public long watermark(int zoneIdx, Watermark w, int step) {
        return watermarks[zoneIdx][w.ordinal()].at(step);
    }

    /** The number of folios on one of the node's LRU lists at a step (lruvec's nr_pages by list). */
    public long lruSize(LruList l, int step) {
        return lruSizes[l.ordinal()].at(step);
    }

    /**
     * The node's count of one of {@link #RECLAIM_EVENTS} at a step, as /proc/vmstat shows it:
     * cumulative since boot.
     *
     * @throws IllegalArgumentException for an event not sampled
     */
    public long reclaimEvent(VmEvent e, int step) {
        int i = RECLAIM_EVENTS.indexOf(e);
        if (i < 0) {
            throw new IllegalArgumentException(e.vmstatName() + " is not sampled");
        }
        return reclaimEvents[i].at(step);
    }

    /**
     * Every counter's value at a step, by name, zone by zone: "Normal nr_free_pages" (as zoneinfo
     * names it), then "Normal nr_free[0]" to "Normal nr_free[10]" (buddyinfo's columns) and
     * "Normal min", "Normal low", "Normal high"; then the node's "nr_inactive_anon" ...
     * "nr_unevictable" and "pgscan_kswapd" ... "pgsteal_direct" (as /proc/vmstat names them).
     */
    public Map<String, Long> at(int step) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ZoneType t : ZoneType.values()) {
            if (freePages[t.ordinal()] != null) {
                out.put(t.kernelName() + " nr_free_pages", freePages(t.ordinal(), step));
                for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                    out.put(t.kernelName() + " nr_free[" + o + "]", nrFree(t.ordinal(), o, step));
                }
                for (Watermark w : WATERMARKS) {
                    out.put(t.kernelName() + " " + w.kernelName(), watermark(t.ordinal(), w, step));
                }
            }
        }
        for (LruList l : LruList.values()) {
            out.put("nr_" + l.kernelName(), lruSize(l, step));
        }
        for (VmEvent e : RECLAIM_EVENTS) {
            out.put(e.vmstatName(), reclaimEvent(e, step));
        }
        return out;
    }

    /** Bytes the series hold (a change is a step and a value: 12 bytes), for the benchmark. */
    public long bytes() {
        long n = 0;
        for (Series[] zone : new Series[][] {freePages, lruSizes, reclaimEvents}) {
            n += changes(zone);
        }
        for (int z = 0; z < ZoneType.COUNT; z++) {
            n += changes(nrFree[z]) + changes(watermarks[z]);
        }
        return n * (Integer.BYTES + Long.BYTES);
    }

    private static long changes(Series[] series) {
        long n = 0;
        for (Series s : series) {
            n += s == null ? 0 : s.n;
        }
        return n;
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
