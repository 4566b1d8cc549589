package dev.folioscope.web.echarts;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An Apache ECharts chart: Folioscope's one way of drawing a chart.
 *
 * <p>The server sends the whole ECharts option as JSON (see
 * <a href="https://echarts.apache.org/en/option.html">the option reference</a>); the client
 * element {@code <fs-echart>} ({@code frontend/echarts-chart.js}) applies it with
 * {@code chart.setOption}. JavaScript functions cannot travel as JSON: use ECharts' string
 * templates ({@code "{b}: {c}"}) for formatters.
 *
 * <p>The chart fills its container ({@code width} and {@code height} 100%, at least 120px
 * high) and follows the container's size. A click on a data item reaches the server as a
 * {@link ChartClickEvent}.
 */
@Tag("fs-echart")
@NpmPackage(value = "echarts", version = "6.1.0")
@JsModule("./echarts-chart.js")
public class EChart extends Component implements HasSize, HasStyle {

    private String option;

    /**
     * EChart() - an empty chart that fills its container.
     */
    public EChart() {
        setSizeFull();
    }

    /**
     * EChart() - a chart showing an option.
     *
     * @param optionJson the ECharts option as a JSON object text
     */
    public EChart(String optionJson) {
        this();
        setOption(optionJson);
    }

    /**
     * setOption() - show a new ECharts option.
     *
     * <p>Context: UI thread (or under the session lock). Without setNotMerge(true) the option
     * is merged into the one shown, as echarts' setOption does by default.
     *
     * @param optionJson the option as a JSON object text, or null to keep the chart as it is
     * @return this chart.
     */
    public EChart setOption(String optionJson) {
        this.option = optionJson;
        getElement().setProperty("option", optionJson);
        return this;
    }

    /**
     * setOption() - show a new ECharts option given as a Jackson tree.
     *
     * @param option a JSON object node (Jackson 3, the Jackson Vaadin uses)
     * @return this chart.
     */
    public EChart setOption(JsonNode option) {
        Objects.requireNonNull(option, "option");
        if (!option.isObject()) {
            throw new IllegalArgumentException("an ECharts option is a JSON object, got " + option.getNodeType());
        }
        return setOption(option.toString());
    }

    /**
     * getOption() - the option JSON last set by the server.
     *
     * @return the JSON text, or null if none was set.
     */
    public String getOption() {
        return option;
    }

    /**
     * setNotMerge() - choose between replacing and merging options.
     *
     * <p>Affects the options set after this call.
     *
     * @param notMerge true: each setOption() replaces the previous option entirely (series
     *        or axes left out disappear); false (the default): it is merged in
     */
    public void setNotMerge(boolean notMerge) {
        getElement().setProperty("notMerge", notMerge);
    }

    /**
     * isNotMerge() - whether each option replaces the previous one.
     *
     * @return the value set by setNotMerge(), false by default.
     */
    public boolean isNotMerge() {
        return getElement().getProperty("notMerge", false);
    }

    /**
     * setPngExport() - show or hide the "save as PNG" button.
     *
     * @param enabled true adds the toolbox feature saveAsImage (PNG, pixel ratio 2) to the
     *        option, merged with any toolbox the option already has
     */
    public void setPngExport(boolean enabled) {
        getElement().setProperty("pngExport", enabled);
    }

    /**
     * isPngExport() - whether the "save as PNG" button is shown.
     *
     * @return the value set by setPngExport(), false by default.
     */
    public boolean isPngExport() {
        return getElement().getProperty("pngExport", false);
    }

    /**
     * addChartClickListener() - listen to clicks on the chart's data items.
     *
     * @param listener called on the UI thread with the clicked item
     * @return a registration that removes the listener.
     */
    public Registration addChartClickListener(ComponentEventListener<ChartClickEvent> listener) {
        return addListener(ChartClickEvent.class, listener);
    }
}
