package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;
import static dev.folioscope.web.debugger.ViewHtml.hex;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.swap.LruBatches;
import dev.folioscope.kernel.trace.FolioReclaim;
import dev.folioscope.recording.Counters;
import dev.folioscope.web.echarts.EChart;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The LRU view: each list of the node's lruvec as a strip from head (most recently added) to
 * tail (reclaim takes from there), with its size, then each CPU's pending lru_add, lru_lazyfree
 * and lru_activate batches. The folio shown by the folio view is highlighted where it sits, the
 * folios the focused VMA maps are lit; a folio focuses it. Inside a shrink_inactive_list, the
 * folios of its scan window ({@link LruScanWindow}) are outlined on the strip (its tail end is
 * drawn then) and listed with what shrink_folio_list decided so far.
 *
 * <p>In front (view=lru) the view also shows, above the lists, the list sizes over the whole
 * recording as a stacked area chart (a click jumps to the step) and the moves of the last
 * {@link FocusKey#MOVES} steps ({@link LruMoves}) as a Sankey diagram: list, move, destination.
 */
final class LruPanel extends ViewPanel {
    /** At most this many folios of a list are drawn. */
    static final int CAP = 256;
    /** The windows offered for the moves, in steps. */
    static final int[] WINDOWS = {100, 1000, 10_000, LruMoves.MAX_WINDOW};

    private static final String[] TIPS = {
        "inactive_anon: anonymous folios not used lately; reclaim swaps them out from the tail",
        "active_anon: anonymous folios in use; aged to inactive when inactive_anon runs low",
        "inactive_file: page-cache folios not used lately; reclaimed first",
        "active_file: page-cache folios used more than once",
        "unevictable: mlocked or otherwise unreclaimable folios"};
    private static final String[] COLORS = {"#58a6ff", "#1f6feb", "#bc8cff", "#8957e5", "#6e7681"};

    private final Div charts = new Div();
    private final EChart sizes = new EChart();
    private final EChart moves = new EChart();
    private final Div movesHead = new Div();
    private final int[] samples;
    private final List<Button> windowButtons = new ArrayList<>();
    private boolean built;

    LruPanel(Cursor cursor) {
        super("LRU lists", "fs-lru", cursor, LruPanel::render);
        samples = TimelinePanel.samples(cursor.lastStep());
        sizes.setId("fs-lru-sizes");
        sizes.addChartClickListener(e -> {
            if (e.getSeriesName() != null && e.getSeriesName().startsWith(StepCharts.JUMP)
                    && e.getDataIndex() >= 0 && e.getDataIndex() < samples.length) {
                cursor.moveTo(samples[e.getDataIndex()]);
            }
        });
        moves.setId("fs-lru-moves");
        moves.setNotMerge(true);
        movesHead.setId("fs-lru-moves-head");
        movesHead.addClassNames("fs-view", "fs-lru-moves-head");
        movesHead.getElement().addEventListener("click", e -> {
            String go = e.getEventData().get(GO_OF_TARGET).asString();
            if (go != null && !go.isEmpty()) {
                follow(cursor, go);
            }
        }).addEventData(GO_OF_TARGET);
        Div sizesBox = new Div(sizes);
        sizesBox.addClassName("fs-lru-chart");
        Div movesBox = new Div(moves);
        movesBox.addClassName("fs-lru-chart");
        Div row = new Div(sizesBox, movesBox);
        row.addClassName("fs-lru-charts-row");
        charts.addClassName("fs-lru-charts");
        charts.add(row, movesHead);
        body().addComponentAsFirst(charts);
        for (int w : WINDOWS) {
            Button b = new Button(w >= 1000 ? w / 1000 + "k" : Integer.toString(w),
                    e -> cursor.focus(cursor.focus().with(FocusKey.MOVES, w)));
            b.setId("fs-lru-window-" + w);
            b.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
            b.setTooltipText("Count the LRU moves of the last " + w + " steps (moves=" + w + ")");
            windowButtons.add(b);
            addTool(b);
        }
    }

    @Override
    protected void render() {
        super.render();
        boolean front = cursor.focus().get(FocusKey.VIEW) == ViewKind.LRU;
        charts.setVisible(front);
        windowButtons.forEach(b -> b.setVisible(front));
        if (!front) {
            return;
        }
        if (!built) {
            sizes.setOption(sizesOption());
            built = true;
        }
        StepCharts.moveCursor(sizes, 1, StepCharts.sampleOf(samples, cursor.step()));
        int window = window(cursor.focus());
        for (int i = 0; i < WINDOWS.length; i++) {
            windowButtons.get(i).getElement().getClassList().set("fs-selected", WINDOWS[i] == window);
        }
        LruMoves.Counts counts = LruMoves.count(cursor.recording().events(), Math.max(0, cursor.step() - window),
                cursor.step());
        moves.setOption(sankey(counts));
        movesHead.getElement().setProperty("innerHTML", movesHead(counts, window, cursor.step()));
    }

    /** The window of the moves: the focused one, else {@link LruMoves#DEFAULT_WINDOW}. */
    static int window(Focus f) {
        Integer w = f.get(FocusKey.MOVES);
        return w == null ? LruMoves.DEFAULT_WINDOW : w;
    }

    /** The lists' sizes over the recording, stacked, the cursor a line. */
    private tools.jackson.databind.node.ObjectNode sizesOption() {
        Counters c = cursor.recording().counters();
        var o = Json.baseOption();
        StepCharts.tooltip(o, "axis");
        o.putArray("grid").addObject().put("left", 44).put("right", 8).put("top", 34).put("bottom", 20);
        var legend = o.putObject("legend").put("top", 0).put("left", 40).put("itemWidth", 8).put("itemHeight", 8)
                .put("itemGap", 6);
        legend.putObject("textStyle").put("color", Theme.MUTED).put("fontSize", 9);
        var xs = o.putArray("xAxis");
        var ys = o.putArray("yAxis");
        var series = o.putArray("series");
        StepCharts.xAxis(xs, 0, samples, true);
        StepCharts.valueAxisWithCursor(ys, series, 0, samples.length, StepCharts.sampleOf(samples, cursor.step()));
        var names = legend.putArray("data");
        for (LruList l : LruList.values()) {
            names.add(l.kernelName());
            var s = series.addObject().put("type", "line").put("name", l.kernelName()).put("stack", "lru")
                    .put("xAxisIndex", 0).put("yAxisIndex", 0).put("showSymbol", false).put("step", "end")
                    .put("silent", true);
            s.putObject("lineStyle").put("width", 0.5).put("color", COLORS[l.ordinal()]);
            s.putObject("itemStyle").put("color", COLORS[l.ordinal()]);
            s.putObject("areaStyle").put("color", COLORS[l.ordinal()]).put("opacity", 0.6);
            var data = s.putArray("data");
            for (int step : samples) {
                data.add(c.lruSize(l, step));
            }
        }
        return o;
    }

    /** The Sankey of a window's moves: list, move, destination (three columns, so no cycles). */
    static tools.jackson.databind.node.ObjectNode sankey(LruMoves.Counts counts) {
        var o = Json.baseOption();
        StepCharts.tooltip(o, "item");
        if (counts.flows().isEmpty()) {
            o.putObject("title").put("text", "no LRU moves in this window").put("left", "center").put("top", "middle")
                    .putObject("textStyle").put("color", Theme.MUTED).put("fontSize", 11).put("fontWeight", "normal");
            return o;
        }
        var s = o.putArray("series").addObject().put("type", "sankey").put("id", "moves").put("left", 4)
                .put("right", 104).put("top", 8).put("bottom", 8).put("nodeWidth", 8).put("nodeGap", 6)
                .put("layoutIterations", 0).put("draggable", false);
        s.putObject("label").put("color", Theme.TEXT).put("fontSize", 10);
        s.putObject("lineStyle").put("color", "gradient").put("opacity", 0.35).put("curveness", 0.5);
        java.util.Set<String> nodes = new java.util.LinkedHashSet<>();
        var links = s.putArray("links");
        for (Map.Entry<LruMoves.Flow, Integer> e : counts.flows().entrySet()) {
            LruMoves.Flow f = e.getKey();
            String move = f.move().label;
            String to = "\u2192 " + f.to();
            nodes.add(f.from());
            nodes.add(move);
            nodes.add(to);
            links.addObject().put("source", f.from()).put("target", move).put("value", e.getValue());
            links.addObject().put("source", move).put("target", to).put("value", e.getValue());
        }
        var data = s.putArray("data");
        for (String n : nodes) {
            var node = data.addObject().put("name", n);
            for (LruMoves.Move m : LruMoves.Move.values()) {
                if (m.label.equals(n)) {
                    node.putObject("itemStyle").put("color", m.color);
                }
            }
        }
        return o;
    }

    /** Over the Sankey: the window and, per move, its count, its tooltip and a link to its last step. */
    static String movesHead(LruMoves.Counts counts, int window, int step) {
        StringBuilder sb = new StringBuilder("<span class=\"fs-muted\" title=\"the moves of the folios between the"
                + " LRU lists in the steps after " + Math.max(0, step - window) + ", up to this one\">moves in the"
                + " last ").append(window).append(" steps:</span>");
        for (LruMoves.Move m : LruMoves.Move.values()) {
            int n = counts.byMove().getOrDefault(m, 0);
            Integer last = counts.lastStep().get(m);
            sb.append(" <span class=\"fs-lru-move\" data-move=\"").append(m.label).append("\" title=\"")
                    .append(esc(m.tip)).append("\"><span style=\"color:").append(m.color).append("\">\u25a0</span> ")
                    .append(m.label).append(' ')
                    .append(last == null ? Integer.toString(n) : ViewHtml.go(Integer.toString(n), "step=" + last,
                            "go to the last " + m.label + " in the window, step " + last))
                    .append("</span>");
        }
        return sb.toString();
    }

    static String render(ViewContext ctx) {
        Kernel k = ctx.kernel();
        int focused = ctx.pfn();
        Lruvec lruvec = k.node().lruvec();
        Lruvec was = ctx.before() == null ? null : ctx.before().node().lruvec();
        BitSet lit = ctx.vmaFrames();
        LruScanWindow scan = LruScanWindow.at(ctx.events(), ctx.step());
        StringBuilder sb = new StringBuilder();
        if (scan != null) {
            scanWindow(sb, k, scan, ctx.step(), focused, lit);
        }
        for (LruList l : LruList.values()) {
            int size = lruvec.size(l);
            boolean changed = was != null && (was.size(l) != size || was.first(l) != lruvec.first(l));
            sb.append("<div class=\"fs-lru-list").append(changed ? " fs-changed" : "").append("\" data-lru=\"")
                    .append(l.kernelName()).append("\"><div class=\"fs-lru-name\" title=\"").append(esc(TIPS[l
                            .ordinal()])).append("\">").append(l.kernelName()).append(" <span class=\"fs-muted\">")
                    .append(size).append("</span></div><div class=\"fs-strip\"><span class=\"fs-muted\" title=\"the"
                            + " head: folios are added here\">head</span>");
            boolean tailToo = size > CAP && scan != null && scan.list() == l;
            int fromHead = tailToo ? CAP / 2 : Math.min(size, CAP);
            int n = 0;
            for (int p = lruvec.first(l); p >= 0 && n < fromHead; p = k.mem().next(p), n++) {
                sb.append(cell(k, p, focused, lit, scan));
            }
            if (tailToo) {
                int[] tail = new int[CAP / 2];
                int t = tail.length;
                for (int p = lruvec.last(l); p >= 0 && t > 0; p = k.mem().prev(p)) {
                    tail[--t] = p;
                }
                sb.append("<span class=\"fs-muted\">\u2026 ").append(size - CAP).append(" more \u2026</span>");
                for (int i = t; i < tail.length; i++) {
                    sb.append(cell(k, tail[i], focused, lit, scan));
                }
            } else if (size > CAP) {
                sb.append("<span class=\"fs-muted\">\u2026 ").append(size - CAP).append(" more</span>");
            }
            sb.append("<span class=\"fs-muted\" title=\"the tail: reclaim scans from here\">tail</span></div></div>");
        }
        sb.append("<div class=\"fs-sub\" title=\"struct cpu_fbatches: folio_add_lru puts a new folio in the CPU's"
                + " lru_add batch, MADV_FREE in its lru_lazyfree batch, a second use of an inactive folio in its"
                + " lru_activate batch (folio_batches of up to 31); a batch moves when full or drained\">per-CPU"
                + " batches</div>");
        for (LruBatches.Batch b : LruBatches.Batch.values()) {
            for (int cpu = 0; cpu < k.config().cpus(); cpu++) {
                int[] batch = k.lruBatches().batch(b, cpu);
                sb.append("<div class=\"fs-lru-list\" data-cpu=\"").append(cpu).append("\" data-batch=\"")
                        .append(FolioPanel.batchName(b)).append("\"><div class=\"fs-lru-name\">CPU ").append(cpu)
                        .append(' ').append(FolioPanel.batchName(b)).append(" <span class=\"fs-muted\">")
                        .append(batch.length).append("</span></div><div class=\"fs-strip\">");
                for (int p : batch) {
                    sb.append(cell(k, p, focused, lit, null));
                }
                sb.append("</div></div>");
            }
        }
        return sb.toString();
    }

    /** The folios isolated by the shrink_inactive_list around the step, with their outcome so far. */
    private static void scanWindow(StringBuilder sb, Kernel k, LruScanWindow scan, int step, int focused,
            BitSet lit) {
        int evicted = 0;
        int decided = 0;
        for (int pfn : scan.decisions().keySet()) {
            FolioReclaim r = scan.decided(pfn, step);
            decided += r == null ? 0 : 1;
            evicted += r != null && LruMoves.moveOf(r) == LruMoves.Move.EVICT ? 1 : 0;
        }
        sb.append("<div class=\"fs-lru-list fs-lru-scan\" id=\"fs-lru-scan\" data-lru=\"scan\"><div class=\"fs-lru-name\""
                + " title=\"the scan window: the folios isolate_lru_folios took from the tail of ")
                .append(scan.list().kernelName()).append(" for this shrink_inactive_list; shrink_folio_list decides each,"
                        + " oldest first: outlined on the list while still there, struck through once evicted\">")
                .append(ViewHtml.go("scan window", "step=" + scan.call(), "go to the shrink_inactive_list call"))
                .append(" <span class=\"fs-muted\">").append(scan.decisions().size()).append(", ").append(decided)
                .append(" decided, ").append(evicted).append(" evicted</span></div><div class=\"fs-strip\">");
        for (int pfn : scan.decisions().keySet()) {
            sb.append(cell(k, pfn, focused, lit, scan, scan.decided(pfn, step)));
        }
        sb.append("</div></div>");
    }

    private static String cell(Kernel k, int pfn, int focused, BitSet lit, LruScanWindow scan) {
        return cell(k, pfn, focused, lit, scan, null);
    }

    private static String cell(Kernel k, int pfn, int focused, BitSet lit, LruScanWindow scan, FolioReclaim outcome) {
        boolean ref = k.mem().test(pfn, PageFlag.PG_referenced);
        boolean inWindow = scan != null && scan.contains(pfn);
        return "<button type=\"button\" class=\"fs-go fs-cell" + (pfn == focused ? " fs-sel" : "")
                + (lit.get(pfn) ? " fs-lit" : "") + (k.mem().isAnon(pfn) ? " fs-anon" : "")
                + (inWindow ? " fs-scan" : "") + (outcome != null && LruMoves.moveOf(outcome) == LruMoves.Move.EVICT ? " fs-evicted" : "")
                + "\" data-go=\"pfn=" + hex(pfn) + "\"" + " title=\"folio " + hex(pfn) + (ref ? ", PG_referenced" : "")
                + (lit.get(pfn) ? ", mapped by the focused VMA" : "") + (inWindow ? ", in the scan window" : "")
                + (outcome != null ? " (" + esc(outcome.text()) + ")" : "") + ": inspect it\">" + Long.toHexString(pfn)
                + "</button>";
    }
}
