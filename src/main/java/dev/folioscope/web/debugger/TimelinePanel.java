package dev.folioscope.web.debugger;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.recording.Counters;
import dev.folioscope.store.Bookmark;
import dev.folioscope.web.base.Echo;
import dev.folioscope.web.echarts.EChart;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Panel (f): NR_FREE_PAGES of every populated zone over the whole recording, one small chart per
 * zone (their sizes differ by orders of magnitude), with the zone's min/low/high watermarks at
 * the cursor as horizontal lines and the cursor as a vertical line. A click anywhere in a chart
 * jumps to that step. Every bookmark is a pink vertical line at the sample at or before its step,
 * labelled with its title (shortened) in the top chart, markers too close for a label each sharing
 * one ("title +2"); a click on one jumps to the bookmark (its step and focus). One at the cursor
 * takes the cursor's colour, as its row in the bookmarks panel does.
 *
 * <p>The series are sampled from {@link Counters} at most {@value #MAX_POINTS} steps (evenly
 * spaced; all of them for shorter recordings). Over each zone's (silent) line lies an invisible
 * bar per sample, full height, so that a click anywhere in the plot hits a data item; the
 * bookmarks are that series' markLine, above the bars.
 */
final class TimelinePanel extends Panel {
    static final int MAX_POINTS = 2000;
    /** Characters of a bookmark's title shown at its marker. */
    static final int LABEL_LENGTH = 18;
    /** Labelled bookmark markers are at least 1/this of the axis apart: about 17 px in a 1600 px wide window. */
    static final int LABEL_SPACING = 60;

    private final Cursor cursor;
    private final Bookmarks bookmarks;
    private final EChart chart = new EChart();
    private final int[] samples;
    private final List<Zone> zones = new ArrayList<>();

    TimelinePanel(Cursor cursor, Bookmarks bookmarks) {
        super("Timeline \u2014 NR_FREE_PAGES per zone", "fs-timeline", cursor);
        this.cursor = cursor;
        this.bookmarks = bookmarks;
        this.samples = samples(cursor.lastStep());
        for (Zone z : cursor.moment().kernel().node().zones()) {
            if (z.isPopulated()) {
                zones.add(z);
            }
        }
        chart.setId("fs-timeline-chart");
        chart.setNotMerge(true);
        chart.setPngExport(true);
        chart.addChartClickListener(e -> {
            if ("markLine".equals(e.getComponentType())) {
                if (e.getDataIndex() >= 0 && e.getDataIndex() < bookmarks.list().size()) {
                    bookmarks.jump(bookmarks.list().get(e.getDataIndex()));
                }
            } else if (e.getDataIndex() >= 0 && e.getDataIndex() < samples.length) {
                cursor.moveTo(samples[e.getDataIndex()]);
            }
        });
        body().addClassName("fs-timeline-body");
        body().add(chart);
        Cursor.whileAttached(this, () -> bookmarks.addListener(this::render));
    }

    /** The steps sampled: every step when there are few, else MAX_POINTS evenly spaced, last included. */
    static int[] samples(int lastStep) {
        int n = Math.min(lastStep + 1, MAX_POINTS);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = n == lastStep + 1 ? i : (int) Math.round((double) i * lastStep / (n - 1));
        }
        return s;
    }

    /** The index of the sample at or before a step. */
    int sampleIndex(int step) {
        int i = java.util.Arrays.binarySearch(samples, step);
        return i >= 0 ? i : Math.max(0, -i - 2);
    }

    @Override
    protected void render() {
        chart.setOption(option());
    }

    private ObjectNode option() {
        Kernel k = cursor.moment().kernel();
        Counters counters = cursor.recording().counters();
        ObjectNode o = Json.baseOption();
        ArrayNode steps = Json.array();
        for (int s : samples) {
            steps.add(Integer.toString(s));
        }
        int n = zones.size();
        o.putObject("tooltip").put("trigger", "axis").put("confine", true).put("backgroundColor", "#161b22")
                .put("borderColor", Theme.GRID).putObject("textStyle").put("color", Theme.TEXT).put("fontSize", 11);
        o.putObject("toolbox").put("left", 4).put("bottom", 0).put("itemSize", 12);
        ObjectNode pointer = o.putObject("axisPointer");
        pointer.putArray("link").addObject().put("xAxisIndex", "all");
        ArrayNode grids = o.putArray("grid");
        ArrayNode xs = o.putArray("xAxis");
        ArrayNode ys = o.putArray("yAxis");
        ArrayNode series = o.putArray("series");
        String current = Integer.toString(samples[sampleIndex(cursor.step())]);
        for (int i = 0; i < n; i++) {
            Zone z = k.node().zone(zones.get(i).index());
            String color = Theme.ZONES[z.index()];
            double band = 90.0 / n;
            grids.addObject().put("left", 84).put("right", 36).put("containLabel", false)
                    .put("outerBoundsMode", "none").put("top", pct(3 + i * band))
                    .put("height", pct(band - (n == 1 ? 2 : 7)));
            ObjectNode x = xs.addObject();
            x.put("type", "category").put("gridIndex", i).put("boundaryGap", false);
            x.set("data", steps);
            x.putObject("axisLabel").put("show", i == n - 1).put("color", Theme.MUTED);
            x.putObject("axisTick").put("show", false);
            x.putObject("axisLine").putObject("lineStyle").put("color", Theme.GRID);
            ObjectNode y = ys.addObject();
            y.put("type", "value").put("gridIndex", i).put("name", z.name()).put("nameLocation", "middle")
                    .put("nameGap", 66).put("min", 0).put("splitNumber", 2);
            y.putObject("nameTextStyle").put("color", color).put("fontWeight", "bold");
            y.putObject("axisLabel").put("color", Theme.MUTED).put("fontSize", 10);
            y.putObject("splitLine").putObject("lineStyle").put("color", Theme.GRID);
            ObjectNode hitAxis = ys.addObject();
            hitAxis.put("type", "value").put("gridIndex", i).put("min", 0).put("max", 1).put("show", false);

            ObjectNode line = series.addObject();
            line.put("type", "line").put("name", z.name()).put("xAxisIndex", i).put("yAxisIndex", 2 * i)
                    .put("showSymbol", false).put("step", "end").put("z", 3)
                    .put("silent", true);
            line.putObject("lineStyle").put("color", color).put("width", 1.5);
            line.putObject("itemStyle").put("color", color);
            line.putObject("areaStyle").put("color", color).put("opacity", 0.12);
            ArrayNode data = line.putArray("data");
            for (int s : samples) {
                data.add(counters.freePages(z.index(), s));
            }
            ObjectNode ml = line.putObject("markLine");
            ml.put("silent", true).put("symbol", "none").put("animation", false);
            ArrayNode mld = ml.putArray("data");
            String marks = "min/low/high " + z.watermark(Watermark.MIN) + "/" + z.watermark(Watermark.LOW) + "/"
                    + z.watermark(Watermark.HIGH);
            watermark(mld, null, z.watermark(Watermark.MIN), Theme.MIN);
            watermark(mld, null, z.watermark(Watermark.LOW), Theme.LOW);
            watermark(mld, marks, z.watermark(Watermark.HIGH), Theme.HIGH);
            ObjectNode cur = mld.addObject();
            cur.put("xAxis", current);
            cur.putObject("lineStyle").put("color", Theme.ACCENT).put("type", "solid").put("width", 1.5);
            cur.putObject("label").put("show", false);

            ObjectNode hit = series.addObject();
            hit.put("type", "bar").put("name", "jump").put("xAxisIndex", i).put("yAxisIndex", 2 * i + 1)
                    .put("barCategoryGap", "0%").put("z", 10).put("cursor", "pointer");
            hit.putObject("itemStyle").put("color", "rgba(0,0,0,0)");
            hit.putObject("emphasis").putObject("itemStyle").put("color", "rgba(240,180,41,0.12)");
            hit.putObject("tooltip").put("show", false);
            ArrayNode ones = hit.putArray("data");
            for (int j = 0; j < samples.length; j++) {
                ones.add(1);
            }
            bookmarkMarkers(hit, i == 0);
        }
        return o;
    }

    /**
     * The bookmarks as the markLine of a zone's click series, one line each in {@link Bookmarks#list()}
     * order, so that a click on one names it by its data index; drawn above the series' bars
     * (markers have a z of their own), so that the click reaches them. The labels are canvas text,
     * never HTML.
     */
    private void bookmarkMarkers(ObjectNode series, boolean labelled) {
        ObjectNode ml = series.putObject("markLine");
        ml.put("z", 20).put("symbol", "none").put("animation", false);
        ml.putObject("lineStyle").put("color", Theme.BOOKMARK).put("type", "solid").put("width", 2);
        ml.putObject("emphasis").putObject("lineStyle").put("width", 3);
        ArrayNode data = ml.putArray("data");
        int current = sampleIndex(cursor.step());
        List<Bookmark> list = bookmarks.list();
        int[] at = list.stream().mapToInt(b -> sampleIndex(b.step())).toArray();
        String[] labels = markerLabels(list, at, samples.length);
        for (int j = 0; j < list.size(); j++) {
            // one at the cursor's sample lies over the cursor's line, so it takes the cursor's colour
            String color = at[j] == current ? Theme.ACCENT : Theme.BOOKMARK;
            ObjectNode m = data.addObject();
            m.put("name", labels[j] != null ? labels[j] : "");
            m.put("xAxis", Integer.toString(samples[at[j]]));
            m.putObject("lineStyle").put("color", color);
            m.putObject("label").put("show", labelled && labels[j] != null).put("formatter", "{b}")
                    .put("position", "insideEndTop").put("color", color).put("fontSize", 10);
        }
    }

    /**
     * The text at each bookmark's marker, in {@code list} order: markers closer than
     * 1/{@link #LABEL_SPACING} of the axis would print their labels over each other, so the first
     * of such a run is labelled with its title and how many more it stands for ("title +2"), and
     * the rest get none (null). The bookmarks panel lists them all.
     *
     * @param at each bookmark's sample index, in step order as {@code list} is
     * @param samples the number of samples on the axis
     */
    static String[] markerLabels(List<Bookmark> list, int[] at, int samples) {
        int gap = Math.max(1, (int) Math.ceil((double) samples / LABEL_SPACING));
        String[] labels = new String[list.size()];
        int first = 0;
        for (int j = 1; j <= list.size(); j++) {
            if (j == list.size() || at[j] - at[first] >= gap) {
                int more = j - first - 1;
                labels[first] = Echo.shortened(list.get(first).title(), LABEL_LENGTH) + (more > 0 ? " +" + more : "");
                first = j;
            }
        }
        return labels;
    }

    /** A dashed watermark line; only the one carrying {@code label} shows text (they sit close together). */
    private static void watermark(ArrayNode data, String label, long value, String color) {
        ObjectNode m = data.addObject();
        m.put("yAxis", value);
        m.putObject("lineStyle").put("color", color).put("type", "dashed").put("width", 1);
        ObjectNode l = m.putObject("label").put("show", label != null);
        if (label != null) {
            l.put("formatter", label).put("position", "insideEndTop").put("color", Theme.MUTED).put("fontSize", 10);
        }
    }

    private static String pct(double percent) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", percent);
    }
}
