package dev.folioscope.web.echarts;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/**
 * Test-only route (src/test: never in the jar) showing a bar chart for {@link EChartIT}.
 */
@Route("test/echart")
@PageTitle("EChart test")
public class EChartTestView extends VerticalLayout {

    static final String OPTION = """
            {
              "animation": false,
              "title": {"text": "free pages per order"},
              "tooltip": {},
              "xAxis": {"type": "category", "data": ["0", "1", "2", "3", "4", "5"]},
              "yAxis": {"type": "value"},
              "series": [{"name": "free", "type": "bar", "data": [120, 200, 150, 80, 70, 110]}]
            }""";

    public EChartTestView() {
        setSizeFull();
        Span clicked = new Span("none");
        clicked.setId("clicked");
        EChart chart = new EChart(OPTION);
        chart.setId("chart");
        chart.setPngExport(true);
        chart.addChartClickListener(e -> clicked.setText(e.getSeriesName() + "/" + e.getDataIndex() + "/"
                + e.getName() + "/" + e.getValue()));
        Div box = new Div(chart);
        box.setId("box");
        box.setWidth("100%");
        box.getStyle().set("flex", "1 1 0").set("min-height", "0");
        add(clicked, box);
    }
}
