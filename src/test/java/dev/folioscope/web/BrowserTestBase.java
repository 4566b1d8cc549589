package dev.folioscope.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the browser tests ({@code *IT}, run by Failsafe in {@code mvn verify} against the
 * production frontend bundle).
 *
 * <p>Starts the whole application on a random port and drives the system's Chromium
 * (path from system property or environment {@code chromium.path} / {@code CHROMIUM_PATH},
 * default {@code /usr/bin/chromium}) through Playwright, headless, viewport 1600x1000.
 * Playwright never downloads a browser. One browser per test class, one page per test;
 * console errors of the page are collected in {@link #consoleErrors}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BrowserTestBase {

    /** Viewport width of every page. */
    protected static final int WIDTH = 1600;
    /** Viewport height of every page. */
    protected static final int HEIGHT = 1000;

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort
    protected int port;

    protected BrowserContext context;
    protected Page page;
    protected final List<String> consoleErrors = new ArrayList<>();
    private final List<BrowserContext> otherContexts = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(chromiumPath()))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(WIDTH, HEIGHT));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(e -> consoleErrors.add(e));
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
        otherContexts.forEach(BrowserContext::close);
        otherContexts.clear();
    }

    /**
     * pageInFreshContext() - a page of a new browser context: no cookies, no session, no storage
     * shared with {@link #page}, as when a link is opened by someone else. Closed after the test.
     *
     * @return the new page, viewport as {@link #page}'s
     */
    protected Page pageInFreshContext() {
        BrowserContext other = browser.newContext(new Browser.NewContextOptions().setViewportSize(WIDTH, HEIGHT));
        otherContexts.add(other);
        Page p = other.newPage();
        p.setDefaultTimeout(20_000);
        return p;
    }

    /**
     * chromiumPath() - the Chromium binary the tests launch.
     *
     * @return system property {@code chromium.path}, else environment {@code CHROMIUM_PATH},
     *         else {@code /usr/bin/chromium}
     */
    protected static String chromiumPath() {
        String path = System.getProperty("chromium.path");
        if (path == null || path.isBlank()) {
            path = System.getenv("CHROMIUM_PATH");
        }
        return path == null || path.isBlank() ? "/usr/bin/chromium" : path;
    }

    /**
     * url() - absolute URL of a path of the application under test.
     *
     * @param path a path starting with "/", e.g. "/test/echart?x=1"
     * @return the URL on this test's server
     */
    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * open() - navigate to a path and wait until Vaadin has rendered it and is idle.
     *
     * @param path a path starting with "/"
     */
    protected void open(String path) {
        page.navigate(url(path));
        waitForVaadin();
    }

    /**
     * waitForVaadin() - wait until the Flow client is loaded and has no request in flight.
     */
    protected void waitForVaadin() {
        waitForVaadin(page);
    }

    /**
     * waitForVaadin() - wait until the Flow client of a page is loaded and has no request in flight.
     *
     * @param page the browser page (page objects call this after every user action)
     */
    public static void waitForVaadin(Page page) {
        page.waitForFunction("() => { const f = window.Vaadin && window.Vaadin.Flow;"
                + " if (!f || !f.clients) return false;"
                + " const cs = Object.values(f.clients);"
                + " return cs.length > 0 && cs.every(c => !c.isActive || !c.isActive()); }");
    }

    /**
     * assertUrlContains() - wait until the address bar contains a text (the debugger writes its
     * state into the URL with history.replaceState a moment after the server has answered).
     *
     * @param part literal text, e.g. "step=7"
     */
    protected void assertUrlContains(String part) {
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*" + literal(part) + ".*"));
    }

    /**
     * assertUrlEndsWith() - wait until the address bar ends with a text.
     *
     * @param tail literal text, e.g. "/debug/x?step=3&zone=DMA"
     */
    protected void assertUrlEndsWith(String tail) {
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*" + literal(tail) + "$"));
    }

    /** A literal as a regular expression that Java and JavaScript read alike (Pattern.quote is Java only). */
    private static String literal(String text) {
        return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
    }

    /**
     * waitForChart() - wait until an fs-echart has drawn its current option.
     *
     * @param chart locator of an {@code fs-echart} element
     */
    public static void waitForChart(Locator chart) {
        chart.waitFor();
        chart.evaluate("el => new Promise((resolve, reject) => {"
                + " const t0 = Date.now();"
                + " const poll = () => {"
                + "   const c = el.chart;"
                + "   const canvas = el.shadowRoot && el.shadowRoot.querySelector('canvas');"
                + "   if (c && el.renderFinished && canvas && canvas.width > 0) { resolve(true); return; }"
                + "   if (Date.now() - t0 > 15000) { reject(new Error('chart not rendered')); return; }"
                + "   setTimeout(poll, 50); };"
                + " poll(); })");
    }

    /**
     * clickChartData() - click the point of a chart at the given data coordinates.
     *
     * <p>ECharts converts the coordinates with convertToPixel({seriesIndex}, coords); the
     * result, relative to the chart container, is shifted to page coordinates and clicked
     * with the mouse like a user would.
     *
     * @param chart locator of an {@code fs-echart} element, already rendered
     * @param seriesIndex the series whose coordinate system to use
     * @param coords data coordinates, e.g. {category index, value} for a bar chart
     */
    protected void clickChartData(Locator chart, int seriesIndex, double... coords) {
        clickChartData(page, chart, seriesIndex, coords);
    }

    /**
     * clickChartData() - the same on a given page, for page objects.
     *
     * @param page the page the chart is on
     * @param chart locator of an {@code fs-echart} element, already rendered
     * @param seriesIndex the series whose coordinate system to use
     * @param coords data coordinates
     */
    public static void clickChartData(Page page, Locator chart, int seriesIndex, double... coords) {
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) chart.evaluate("(el, a) => {"
                + " const px = el.chart.convertToPixel({seriesIndex: a.series}, a.coords);"
                + " const r = el.chartContainer.getBoundingClientRect();"
                + " return [r.left + px[0], r.top + px[1]]; }",
                Map.of("series", seriesIndex, "coords", toList(coords)));
        page.mouse().click(xy.get(0).doubleValue(), xy.get(1).doubleValue());
        waitForVaadin(page);
    }

    /**
     * screenshot() - save the page as target/screenshots/NAME.png.
     *
     * @param name file name without extension
     * @return the path written
     */
    protected Path screenshot(String name) {
        Path path = Paths.get("target", "screenshots", name + ".png");
        try {
            Files.createDirectories(path.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(path));
        return path;
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
