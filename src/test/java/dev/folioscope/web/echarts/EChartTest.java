package dev.folioscope.web.echarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The server side of the ECharts component: what it puts on its element. */
class EChartTest {

    @Test
    void optionTravelsAsJsonText() {
        EChart chart = new EChart("{\"series\":[]}");

        assertThat(chart.getElement().getTag()).isEqualTo("fs-echart");
        assertThat(chart.getElement().getProperty("option")).isEqualTo("{\"series\":[]}");
        assertThat(chart.getOption()).isEqualTo("{\"series\":[]}");
        assertThat(chart.getWidth()).isEqualTo("100%");
        assertThat(chart.getHeight()).isEqualTo("100%");
    }

    @Test
    void jacksonOptionIsSerialized() {
        ObjectNode option = JsonMapper.builder().build().createObjectNode();
        option.putObject("xAxis").put("type", "category");

        EChart chart = new EChart().setOption(option);

        assertThat(chart.getElement().getProperty("option")).isEqualTo("{\"xAxis\":{\"type\":\"category\"}}");
    }

    @Test
    void optionMustBeAnObject() {
        EChart chart = new EChart();
        var array = JsonMapper.builder().build().createArrayNode();

        assertThatThrownBy(() -> chart.setOption(array)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flagsAreElementProperties() {
        EChart chart = new EChart();
        assertThat(chart.isNotMerge()).isFalse();
        assertThat(chart.isPngExport()).isFalse();

        chart.setNotMerge(true);
        chart.setPngExport(true);

        assertThat(chart.getElement().getProperty("notMerge", false)).isTrue();
        assertThat(chart.getElement().getProperty("pngExport", false)).isTrue();
    }
}
