package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.recording.Counters;
import dev.folioscope.recording.Recording;
import dev.folioscope.web.echarts.EChart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reclaim timeline: over the whole recording, the markers of {@link ReclaimMarkers} (kswapd
 * woken and asleep, direct reclaim, compaction, OOM) in a strip on top, each populated zone's
 * free pages against its min/low/high watermarks (as they were at each step: a boost moves them)
 * and the pages reclaim scanned and stole (pgscan/pgsteal, kswapd and direct) as bars, the
 * cursor a vertical line through all of them. Scan and steal bars stand at the same place, the
 * pages stolen drawn over the pages scanned: what shows of a scan bar is what was scanned but kept. Clicking a marker jumps to its step, clicking
 * anywhere else to the step under the pointer. Above the chart, the numbers at the cursor, and
 * for each marker kind links to the one before and after it.
 *
 * <p>The series are sampled like {@link TimelinePanel}'s ({@link TimelinePanel#samples}): a step
 * falls in the first sample at or after it, so a bar is what happened since the previous sample
 * and a marker stands at the sample its step falls in (the first marker of a kind there, when
 * several do). The chart is built once per panel; a step only moves the cursor line.
 */
final class ReclaimPanel extends ViewPanel {
    private static final String TIP_SCAN = "pgscan: pages reclaim looked at on the inactive lists"
            + " (isolate_lru_folios' nr_scanned), by kswapd or by an allocating task (direct); the bars are"
            + " those scanned since the previous point";
    private static final String TIP_STEAL = "pgsteal: pages reclaim actually freed (shrink_folio_list's"
            + " nr_reclaimed), by kswapd or directly; bars per point";
    private static final String TIP_MARKERS = "Events found in the recording: click one on the chart, or a link"
            + " here, to go to its step";
    private static final String[] SCAN_SERIES = {"pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd",
        "pgsteal_direct"};
    private static final String[] SCAN_COLORS = {"#58a6ff", "#f85149", "#3fb950", "#f0b429"};

    private final EChart chart = new EChart();
    private final int[] samples;
    private final List<Zone> zones = new ArrayList<>();
    private final ReclaimMarkers markers;
    /** By series name, the step each data item of a clickable series jumps to. */
    private final Map<String, int[]> jumps = new HashMap<>();
    private boolean built;

    ReclaimPanel(Cursor cursor) {
        super("Reclaim \u2014 free pages, watermarks, scans", "fs-reclaim", cursor,
                ctx -> summary(ctx, ReclaimMarkers.of(cursor.recording())));
        this.samples = TimelinePanel.samples(cursor.lastStep());
        this.markers = ReclaimMarkers.of(cursor.recording());
        for (Zone z : cursor.moment().kernel().node().zones()) {
            if (z.isPopulated()) {
                zones.add(z);
            }
        }
        chart.setId("fs-reclaim-chart");
        chart.addChartClickListener(e -> {
            int[] to = jumps.get(e.getSeriesName());
            if (to != null && e.getDataIndex() >= 0 && e.getDataIndex() < to.length) {
                cursor.moveTo(to[e.getDataIndex()]);
            }
        });
        content.addClassName("fs-reclaim-head");
        body().add(chart);
    }

    @Override
    protected void render() {
        super.render();
        if (!built) {
            chart.setOption(option(cursor.recording()));
            built = true;
        }
        StepCharts.moveCursor(chart, grids(), sampleOf(cursor.step()));
    }

    private int sampleOf(int step) {
        return StepCharts.sampleOf(samples, step);
    }

    /** The numbers at the cursor and the marker links: pure. */
    static String summary(ViewContext ctx, ReclaimMarkers markers) {
        Kernel k = ctx.kernel();
        Kernel was = ctx.before();
        PglistData node = k.node();
        StringBuilder sb = new StringBuilder("<div class=\"fs-reclaim-zones\">");
        for (Zone z : node.zones()) {
            if (!z.isPopulated()) {
                continue;
            }
            Zone b = was == null ? null : was.node().zone(z.index());
            sb.append("<div class=\"fs-reclaim-zone\" data-zone=\"").append(z.name()).append("\">")
                    .append(ViewHtml.go(z.name(), "view=allocator;zone=" + z.name(), "zone " + z.name()
                            + ": show it in the allocator view"));
            num(sb, "free", z.freePages(), b == null ? -1 : b.freePages(), ZonesPanel.TIP_FREE);
            num(sb, "min", z.watermark(Watermark.MIN), b == null ? -1 : b.watermark(Watermark.MIN), ZonesPanel.TIP_MIN);
            num(sb, "low", z.watermark(Watermark.LOW), b == null ? -1 : b.watermark(Watermark.LOW), ZonesPanel.TIP_LOW);
            num(sb, "high", z.watermark(Watermark.HIGH), b == null ? -1 : b.watermark(Watermark.HIGH),
                    ZonesPanel.TIP_HIGH);
            num(sb, "boost", z.watermarkBoost(), b == null ? -1 : b.watermarkBoost(), ZonesPanel.TIP_BOOST);
            sb.append("</div>");
        }
        sb.append("</div><div class=\"fs-reclaim-node\"><span class=\"fs-tip\" id=\"fs-reclaim-kswapd\" title=\"")
                .append(esc(ZonesPanel.TIP_KSWAPD)).append("\">kswapd ")
                .append(node.kswapdSleeping() ? "asleep" : "awake").append(" \u00b7 failures ")
                .append(node.kswapdFailures()).append("</span>");
        for (int e = 0; e < SCAN_SERIES.length; e++) {
            VmEvent ev = Counters.RECLAIM_EVENTS.get(e);
            num(sb, ev.vmstatName(), node.vmEvents(ev), was == null ? -1 : was.node().vmEvents(ev),
                    e < 2 ? TIP_SCAN : TIP_STEAL);
        }
        sb.append("</div><table class=\"fs-vt fs-reclaim-marks\" title=\"").append(esc(TIP_MARKERS)).append("\">");
        for (int kind = 0; kind < ReclaimMarkers.KINDS.size(); kind++) {
            ReclaimMarkers.Kind kd = ReclaimMarkers.KINDS.get(kind);
            int before = markers.before(kind, ctx.step() + 1);
            int after = markers.after(kind, ctx.step());
            sb.append("<tr data-marker=\"").append(esc(kd.label())).append("\"><th title=\"").append(esc(kd.tip()))
                    .append("\"><span style=\"color:").append(kd.color()).append("\">\u25cf</span> ")
                    .append(esc(kd.label())).append("</th><td class=\"fs-num\">").append(markers.steps(kind).length)
                    .append("\u00d7</td><td>")
                    .append(before < 0 ? "<span class=\"fs-muted\">none before</span>"
                            : ViewHtml.go("\u25c0 #" + before, "step=" + before, "the last " + kd.label()
                                    + " at or before this step" + (before == ctx.step() ? " (this one)" : "")))
                    .append("</td><td>")
                    .append(after < 0 ? "<span class=\"fs-muted\">none after</span>"
                            : ViewHtml.go("#" + after + " \u25b6", "step=" + after, "the next " + kd.label()))
                    .append("</td></tr>");
        }
        return sb.append("</table>").toString();
    }

    private static void num(StringBuilder sb, String label, long value, long before, String tip) {
        boolean changed = before >= 0 && before != value;
        sb.append("<span class=\"fs-num").append(changed ? " fs-changed" : "").append("\" title=\"").append(esc(tip))
                .append(changed ? esc(" (was " + before + ")") : "").append("\"><span class=\"fs-num-label\">")
                .append(label).append("</span> ").append(value).append("</span>");
    }

    /** Grids, top to bottom: the markers, each populated zone, the scan/steal bars. */
    private int grids() {
        return zones.size() + 2;
    }

    private ObjectNode option(Recording rec) {
        Counters c = rec.counters();
        ObjectNode o = Json.baseOption();
        StepCharts.tooltip(o, "axis");
        o.putObject("axisPointer").putArray("link").addObject().put("xAxisIndex", "all");
        ArrayNode grids = o.putArray("grid");
        ArrayNode xs = o.putArray("xAxis");
        ArrayNode ys = o.putArray("yAxis");
        ArrayNode series = o.putArray("series");
        // heights in % of the chart: markers 4 rows, zones share the middle, bars below
        double markerBand = 14;
        double barBand = 18;
        double zoneBand = (86 - markerBand - barBand) / zones.size();
        double top = 2;
        for (int g = 0; g < grids(); g++) {
            double height = g == 0 ? markerBand : g == grids() - 1 ? barBand : zoneBand;
            grids.addObject().put("left", 64).put("right", 12).put("top", pct(top))
                    .put("height", pct(height - 3));
            top += height;
            StepCharts.xAxis(xs, g, samples, g == grids() - 1);
            StepCharts.valueAxisWithCursor(ys, series, g, samples.length, sampleOf(cursor.step()));
            jumps.put(StepCharts.JUMP + g, samples);
        }
        markerGrid(ys, series);
        for (int i = 0; i < zones.size(); i++) {
            zoneGrid(ys, series, c, zones.get(i), i + 1);
        }
        scanGrid(ys, series, c, grids() - 1);
        ObjectNode legend = o.putObject("legend").put("bottom", 0).put("right", 8).put("itemWidth", 10)
                .put("itemHeight", 8);
        legend.putObject("textStyle").put("color", Theme.MUTED).put("fontSize", 10);
        ArrayNode names = legend.putArray("data");
        Arrays.stream(SCAN_SERIES).forEach(names::add);
        return o;
    }

    /** The markers: one row a kind, labelled on the axis, a symbol at each sample holding one. */
    private void markerGrid(ArrayNode ys, ArrayNode series) {
        ObjectNode rows = (ObjectNode) ys.get(0);
        rows.removeAll();
        rows.put("type", "category").put("gridIndex", 0).put("inverse", true);
        ArrayNode labels = rows.putArray("data");
        ReclaimMarkers.KINDS.forEach(k -> labels.add(k.label()));
        rows.putObject("axisLabel").put("color", Theme.MUTED).put("fontSize", 9);
        rows.putObject("axisTick").put("show", false);
        rows.putObject("splitLine").put("show", true).putObject("lineStyle").put("color", "#21262d");
        for (int kind = 0; kind < ReclaimMarkers.KINDS.size(); kind++) {
            ReclaimMarkers.Kind kd = ReclaimMarkers.KINDS.get(kind);
            List<int[]> points = new ArrayList<>();
            int lastSample = -1;
            for (int step : markers.steps(kind)) {
                int s = sampleOf(step);
                if (s != lastSample) {
                    points.add(new int[] {s, step});
                    lastSample = s;
                }
            }
            ObjectNode sc = series.addObject().put("type", "scatter").put("name", kd.label()).put("xAxisIndex", 0)
                    .put("yAxisIndex", 0).put("symbol", kd.symbol()).put("symbolSize", 9).put("z", 12)
                    .put("cursor", "pointer");
            sc.putObject("itemStyle").put("color", kd.color());
            sc.putObject("tooltip").put("trigger", "item").put("formatter", "{a} at {b}: click to go there");
            ArrayNode data = sc.putArray("data");
            int[] to = new int[points.size()];
            for (int i = 0; i < to.length; i++) {
                ObjectNode d = data.addObject().put("name", "step " + points.get(i)[1]);
                d.putArray("value").add(points.get(i)[0]).add(kind);
                to[i] = points.get(i)[1];
            }
            jumps.put(kd.label(), to);
        }
    }

    /** Free pages of a zone with its three watermarks, as they were at each sample. */
    private void zoneGrid(ArrayNode ys, ArrayNode series, Counters c, Zone z, int g) {
        String color = Theme.ZONES[z.index()];
        ObjectNode y = (ObjectNode) ys.get(2 * g);
        y.put("name", z.name()).put("nameLocation", "middle").put("nameGap", 48).put("min", 0).put("splitNumber", 2);
        y.putObject("nameTextStyle").put("color", color).put("fontWeight", "bold");
        line(series, z.name() + " free", color, g, s -> c.freePages(z.index(), s), true);
        line(series, z.name() + " min", Theme.MIN, g, s -> c.watermark(z.index(), Watermark.MIN, s), false);
        line(series, z.name() + " low", Theme.LOW, g, s -> c.watermark(z.index(), Watermark.LOW, s), false);
        line(series, z.name() + " high", Theme.HIGH, g, s -> c.watermark(z.index(), Watermark.HIGH, s), false);
    }

    private void line(ArrayNode series, String name, String color, int g, java.util.function.IntToLongFunction v,
            boolean area) {
        ObjectNode l = series.addObject().put("type", "line").put("name", name).put("xAxisIndex", g)
                .put("yAxisIndex", 2 * g).put("showSymbol", false).put("step", "end").put("silent", true);
        l.putObject("lineStyle").put("color", color).put("width", area ? 1.5 : 1).put("type", area ? "solid"
                : "dashed");
        l.putObject("itemStyle").put("color", color);
        if (area) {
            l.putObject("areaStyle").put("color", color).put("opacity", 0.12);
        }
        ArrayNode data = l.putArray("data");
        for (int s : samples) {
            data.add(v.applyAsLong(s));
        }
    }

    /** pgscan and pgsteal since the previous sample, kswapd and direct stacked. */
    private void scanGrid(ArrayNode ys, ArrayNode series, Counters c, int g) {
        ObjectNode y = (ObjectNode) ys.get(2 * g);
        y.put("name", "pages").put("nameLocation", "middle").put("nameGap", 48).put("min", 0).put("splitNumber", 2);
        for (int e = 0; e < SCAN_SERIES.length; e++) {
            VmEvent ev = Counters.RECLAIM_EVENTS.get(e);
            ObjectNode b = series.addObject().put("type", "bar").put("name", SCAN_SERIES[e]).put("xAxisIndex", g)
                    .put("yAxisIndex", 2 * g).put("stack", e < 2 ? "scan" : "steal").put("silent", true)
                    .put("barMinWidth", 2);
            b.putObject("itemStyle").put("color", SCAN_COLORS[e]);
            ArrayNode data = b.putArray("data");
            long prev = c.reclaimEvent(ev, 0);
            for (int s : samples) {
                long v = c.reclaimEvent(ev, s);
                data.add(v - prev);
                prev = v;
            }
        }
    }

    private static String pct(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }
}
