package dev.folioscope.web.echarts;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.folioscope.web.BrowserTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ECharts component end to end: a click on a bar reaches the server, the PNG export button
 * is there when enabled, and the canvas follows its container.
 */
class EChartIT extends BrowserTestBase {

    @Test
    void clickOnBarReachesServer() {
        open("/test/echart");
        Locator chart = page.locator("#chart");
        waitForChart(chart);

        clickChartData(chart, 0, 3, 40); // category "3", halfway up its bar (80)

        PlaywrightAssertions.assertThat(page.locator("#clicked")).hasText("free/3/3/80");
        screenshot("echart-clicked");
        assertThat(consoleErrors).isEmpty();
        // Failsafe runs after the production build: the IT must see the production bundle.
        assertThat(page.evaluate("() => window.Vaadin.developmentMode")).isEqualTo(false);
    }

    @Test
    void pngExportIconShownWhenEnabled() {
        open("/test/echart");
        Locator chart = page.locator("#chart");
        waitForChart(chart);

        Object feature = chart.evaluate("el => el.chart.getOption().toolbox[0].feature.saveAsImage.show");
        assertThat(feature).isEqualTo(true);
        // ECharts draws toolbox icons on the canvas; the icon's title shows on hover.
        Object hasIcon = chart.evaluate("el => el.chart.getModel().getComponent('toolbox')"
                + ".getModel(['feature','saveAsImage']).get('show')");
        assertThat(hasIcon).isEqualTo(true);
    }

    @Test
    void canvasFollowsContainer() {
        open("/test/echart");
        Locator chart = page.locator("#chart");
        waitForChart(chart);
        List<?> before = canvasSize(chart);

        page.setViewportSize(900, 600);
        page.waitForFunction("w => { const el = document.querySelector('#chart');"
                + " return el.chart.getWidth() < w; }", ((Number) before.get(0)).doubleValue());
        List<?> after = canvasSize(chart);
        Object box = page.locator("#box").evaluate("b => [b.clientWidth, b.clientHeight]");

        assertThat(((Number) after.get(0)).doubleValue()).isLessThan(((Number) before.get(0)).doubleValue());
        assertThat(((Number) after.get(1)).doubleValue()).isLessThan(((Number) before.get(1)).doubleValue());
        assertThat(after).isEqualTo(box);
        screenshot("echart-resized");
    }

    private static List<?> canvasSize(Locator chart) {
        return (List<?>) chart.evaluate("el => [el.chart.getWidth(), el.chart.getHeight()]");
    }
}
