package dev.folioscope.web.echarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.folioscope.web.BrowserTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ECharts component end to end: a click on a bar reaches the server, the PNG export button
 * is drawn when enabled (and saves a PNG), and the canvas follows its container.
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
    void pngExportIconIsDrawnWhenEnabledAndSavesAPng() {
        open("/test/echart");
        Locator chart = page.locator("#chart");
        waitForChart(chart);

        List<?> icon = drawnInToolboxCorner(chart);
        assertThat(icon).as("pixels drawn in the chart's top right corner, where the toolbox is").isNotNull();

        // The pixels are the export icon: they go when the export is switched off, and come back.
        chart.evaluate("el => { el.pngExport = false; }");
        waitForChart(chart);
        assertThat(drawnInToolboxCorner(chart)).as("corner without the export icon").isNull();
        chart.evaluate("el => { el.pngExport = true; }");
        waitForChart(chart);
        List<?> shown = drawnInToolboxCorner(chart);
        assertThat(shown).as("corner with the export icon again").isNotNull();
        for (int i = 0; i < 2; i++) {
            assertThat(((Number) shown.get(i)).doubleValue()).isCloseTo(((Number) icon.get(i)).doubleValue(),
                    within(1.0));
        }

        // A click on what is drawn saves the chart as a PNG.
        Download download = page.waitForDownload(() -> page.mouse().click(
                ((Number) shown.get(0)).doubleValue(), ((Number) shown.get(1)).doubleValue()));
        assertThat(download.suggestedFilename()).isEqualTo("folioscope-chart.png");
        try (InputStream in = download.createReadStream()) {
            assertThat(in.readNBytes(8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(consoleErrors).isEmpty();
    }

    /**
     * The opaque pixels the chart's canvases show in its top right corner (48 x 36 CSS pixels,
     * where the toolbox sits and the test chart draws nothing else).
     *
     * @return page coordinates of their bounding box's centre and their number, or null if
     *         fewer than 10 pixels are drawn there
     */
    private static List<?> drawnInToolboxCorner(Locator chart) {
        return (List<?>) chart.evaluate("el => {"
                + " const w = el.chart.getWidth(), cw = 48, ch = 36, x0 = w - cw;"
                + " let n = 0, minX = 1e9, minY = 1e9, maxX = -1, maxY = -1;"
                + " for (const c of el.shadowRoot.querySelectorAll('canvas')) {"
                + "   const s = c.width / w;"
                + "   const px = c.getContext('2d').getImageData(Math.floor(x0 * s), 0, Math.ceil(cw * s),"
                + "     Math.ceil(ch * s));"
                + "   for (let y = 0; y < px.height; y++) for (let x = 0; x < px.width; x++) {"
                + "     if (px.data[(y * px.width + x) * 4 + 3] > 64) {"
                + "       n++; minX = Math.min(minX, x / s); maxX = Math.max(maxX, x / s);"
                + "       minY = Math.min(minY, y / s); maxY = Math.max(maxY, y / s); } } }"
                + " if (n < 10) return null;"
                + " const r = el.chartContainer.getBoundingClientRect();"
                + " return [r.left + x0 + (minX + maxX) / 2, r.top + (minY + maxY) / 2, n]; }");
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
