package dev.folioscope.web.echarts;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/**
 * A click on a data item of an {@link EChart}, as ECharts reported it.
 *
 * <p>Fields follow ECharts' event parameters: {@code seriesIndex} and {@code dataIndex} are
 * -1 when the clicked component is not a series item; {@code value} is the item's value as
 * JSON text ({@code "42"}, {@code "[3,5,17]"}, {@code "{\"x\":1}"}), or null.
 */
@DomEvent("chart-click")
public class ChartClickEvent extends ComponentEvent<EChart> {

    private final String componentType;
    private final int seriesIndex;
    private final String seriesName;
    private final int dataIndex;
    private final String name;
    private final String value;

    /**
     * ChartClickEvent() - made by Flow from the client's chart-click event.
     *
     * @param source the chart clicked
     * @param fromClient always true for events from the browser
     * @param componentType ECharts' componentType ("series", "markPoint", ...)
     * @param seriesIndex index of the series clicked, -1 if none
     * @param seriesName name of the series clicked, or null
     * @param dataIndex index of the data item in its series, -1 if none
     * @param name the data item's name (category), or null
     * @param value the data item's value as JSON text, or null
     */
    public ChartClickEvent(EChart source, boolean fromClient,
            @EventData("event.detail.componentType") String componentType,
            @EventData("event.detail.seriesIndex") int seriesIndex,
            @EventData("event.detail.seriesName") String seriesName,
            @EventData("event.detail.dataIndex") int dataIndex,
            @EventData("event.detail.name") String name,
            @EventData("event.detail.value") String value) {
        super(source, fromClient);
        this.componentType = componentType;
        this.seriesIndex = seriesIndex;
        this.seriesName = seriesName;
        this.dataIndex = dataIndex;
        this.name = name;
        this.value = value;
    }

    /** getComponentType() - ECharts' component type of the click target, e.g. "series". */
    public String getComponentType() {
        return componentType;
    }

    /** getSeriesIndex() - index of the clicked series, -1 if the target is not a series. */
    public int getSeriesIndex() {
        return seriesIndex;
    }

    /** getSeriesName() - name of the clicked series, or null. */
    public String getSeriesName() {
        return seriesName;
    }

    /** getDataIndex() - index of the clicked item in its series' data, -1 if none. */
    public int getDataIndex() {
        return dataIndex;
    }

    /** getName() - the clicked item's name (its category on a category axis), or null. */
    public String getName() {
        return name;
    }

    /** getValue() - the clicked item's value as JSON text, or null. */
    public String getValue() {
        return value;
    }

    @Override
    public String toString() {
        return "ChartClickEvent[series=" + seriesIndex + " '" + seriesName + "', dataIndex=" + dataIndex
                + ", name=" + name + ", value=" + value + "]";
    }
}
