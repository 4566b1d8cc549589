package dev.folioscope.web.debugger;

import dev.folioscope.web.echarts.EChart;
import java.util.Arrays;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pieces the charts over a whole recording share (the reclaim timeline, the LRU sizes): an
 * x axis of sampled steps ({@link TimelinePanel#samples}), the cursor as a vertical line in
 * every grid, and an invisible full-height bar per sample so that a click anywhere in a plot
 * hits a data item. Such a chart is built once; a step only merges the cursor line into it
 * ({@link #moveCursor}).
 */
final class StepCharts {
    /** The name of the invisible bars of grid g is this plus g. */
    static final String JUMP = "jump ";

    private StepCharts() {
    }

    /** The sample a step falls in: the first at or after it. */
    static int sampleOf(int[] samples, int step) {
        int i = Arrays.binarySearch(samples, step);
        return i >= 0 ? i : Math.min(samples.length - 1, -i - 1);
    }

    /** The x axis of grid g: the sampled steps, labelled only when {@code labels}. */
    static void xAxis(ArrayNode xs, int g, int[] samples, boolean labels) {
        ObjectNode x = xs.addObject().put("type", "category").put("gridIndex", g).put("boundaryGap", false);
        ArrayNode data = x.putArray("data");
        for (int s : samples) {
            data.add(Integer.toString(s));
        }
        x.putObject("axisLabel").put("show", labels).put("color", Theme.MUTED);
        x.putObject("axisTick").put("show", false);
        x.putObject("axisLine").putObject("lineStyle").put("color", Theme.GRID);
    }

    /**
     * Grid g's value axis (index 2g), and over it the invisible bars on an axis of their own
     * (index 2g + 1) and the cursor line (series id "cursor-g") at {@code sample}.
     *
     * @return the value axis, for the caller to name
     */
    static ObjectNode valueAxisWithCursor(ArrayNode ys, ArrayNode series, int g, int sampleCount, int sample) {
        ObjectNode y = ys.addObject().put("type", "value").put("gridIndex", g);
        y.putObject("axisLabel").put("color", Theme.MUTED).put("fontSize", 10);
        y.putObject("splitLine").putObject("lineStyle").put("color", Theme.GRID);
        ys.addObject().put("type", "value").put("gridIndex", g).put("min", 0).put("max", 1).put("show", false);
        ObjectNode hit = series.addObject().put("type", "bar").put("name", JUMP + g).put("xAxisIndex", g)
                .put("yAxisIndex", 2 * g + 1).put("barCategoryGap", "0%").put("barGap", "-100%").put("z", 1)
                .put("cursor", "pointer");
        hit.putObject("itemStyle").put("color", "rgba(0,0,0,0)");
        hit.putObject("emphasis").putObject("itemStyle").put("color", "rgba(240,180,41,0.12)");
        hit.putObject("tooltip").put("show", false);
        ArrayNode ones = hit.putArray("data");
        for (int j = 0; j < sampleCount; j++) {
            ones.add(1);
        }
        ObjectNode cur = series.addObject().put("id", "cursor-" + g).put("type", "line").put("xAxisIndex", g)
                .put("yAxisIndex", 2 * g).put("silent", true);
        cur.putArray("data");
        ObjectNode ml = cur.putObject("markLine").put("silent", true).put("symbol", "none").put("animation", false);
        ml.putObject("lineStyle").put("color", Theme.ACCENT).put("type", "solid").put("width", 1.5);
        ml.putObject("label").put("show", false);
        ml.putArray("data").addObject().put("xAxis", sample);
        return y;
    }

    /**
     * Moves the cursor line of every grid to {@code sample}, merging into the option shown (after
     * a detach the element redraws the option it holds, whose cursor may be old: call on every
     * render).
     */
    static void moveCursor(EChart chart, int grids, int sample) {
        ObjectNode o = Json.object();
        ArrayNode series = o.putArray("series");
        for (int g = 0; g < grids; g++) {
            series.addObject().put("id", "cursor-" + g).putObject("markLine").putArray("data").addObject()
                    .put("xAxis", sample);
        }
        chart.getElement().executeJs("if (this.chart) { this.chart.setOption(JSON.parse($0)); }", o.toString());
    }

    /** The dark tooltip of the debugger's charts. */
    static void tooltip(ObjectNode option, String trigger) {
        option.putObject("tooltip").put("trigger", trigger).put("confine", true).put("backgroundColor", "#161b22")
                .put("borderColor", Theme.GRID).putObject("textStyle").put("color", Theme.TEXT).put("fontSize", 11);
    }
}
