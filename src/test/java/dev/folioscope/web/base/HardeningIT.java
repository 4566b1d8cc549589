package dev.folioscope.web.base;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Response;
import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.debugger.DebuggerPage;
import dev.folioscope.web.scenarios.ScenarioListPage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hardening of the web app end to end: unknown addresses answer 404 with the app's own page,
 * every response carries the security headers, the debugger runs under the Content-Security-Policy
 * without a single violation, and values from a hostile link are echoed decoded, escaped and short.
 */
class HardeningIT extends BrowserTestBase {
    private static final String SPLIT_MERGE = "buddy-split-merge";
    /** Collects the page's CSP violations (the console shows them too, as errors). */
    private static final String CSP_LISTENER = "window.__fsCsp = [];"
            + " document.addEventListener('securitypolicyviolation', e => window.__fsCsp.push("
            + "   e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile"
            + "   + ':' + e.lineNumber));";

    private final List<String> webSockets = new ArrayList<>();

    @BeforeEach
    void listen() {
        page.addInitScript(CSP_LISTENER);
        page.onWebSocket(ws -> webSockets.add(ws.url()));
    }

    @SuppressWarnings("unchecked")
    private List<String> cspViolations() {
        return (List<String>) page.evaluate("() => window.__fsCsp");
    }

    @Test
    void unknownRoutesAnswer404WithTheAppsPageAndALinkHome() {
        for (String path : List.of("/debug", "/debug/x/extra", "/etc/passwd", "/nope")) {
            Response response = page.navigate(url(path));
            assertThat(response.status()).as(path).isEqualTo(404);
            waitForVaadin();
            Locator view = page.locator("#fs-not-found");
            assertThat(view).containsText("This page does not exist");
            assertThat(page.locator("#fs-not-found-path")).hasText(path);
            assertThat(page).hasTitle("Page not found \u2014 Folioscope");
            assertThat(page.locator("#fs-home-link")).isVisible();
            // the app's dark look, not Vaadin's bare "Could not navigate"
            assertThat(page.locator("body")).not().containsText("Could not navigate");
            assertThat(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))
                    .isEqualTo("rgb(13, 17, 23)");
            assertThat(cspViolations()).as(path).isEmpty();
        }
        page.navigate(url("/debug/x/extra"));
        waitForVaadin();
        screenshot("not-found");

        page.locator("#fs-home-link").click();
        assertThat(page.locator("#fs-scenarios")).isVisible();
        assertThat(page).hasURL(Pattern.compile(".*:" + port + "/?$"));
    }

    @Test
    void unknownRouteIs404AlsoWithoutABrowser() throws Exception {
        HttpResponse<String> r = get("/etc/passwd");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("This page does not exist");
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/debug/" + SPLIT_MERGE).statusCode()).isEqualTo(200);
    }

    @Test
    void aMalformedAddressThatTomcatRefusesGetsTheAppsPageWithALinkHome() throws Exception {
        // Bad %-escapes and encoded slashes never reach the application: Tomcat answers 400.
        for (String path : List.of("/debug/%zz", "/debug/a%2Fb", "/debug?step=%zz", "/debug/x?step=%FF",
                "/s/x?v-r=uidl&step=%E2%82")) {
            String r = rawGet(path);
            assertThat(r).as(path).startsWith("HTTP/1.1 400").contains("This link cannot be opened")
                    .contains("malformed").contains("href=\"/\"").doesNotContain("Apache Tomcat")
                    .contains("Content-Security-Policy: " + SecurityHeaders.CONTENT_SECURITY_POLICY);
        }
        page.navigate(url("/debug/a%2Fb"));
        page.locator("#fs-home-link").click();
        assertThat(page.locator("#fs-scenarios")).isVisible();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/nope", "/styles/folioscope.css", "/icons/favicon.svg")) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
        }
        HttpResponse<String> page = get("/");
        List<String> cookies = page.headers().allValues("Set-Cookie");
        assertThat(cookies).filteredOn(c -> c.startsWith("JSESSIONID=")).singleElement().asString()
                .contains("SameSite=Lax").contains("HttpOnly");
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("default-src 'self'")
                .contains("object-src 'none'").contains("frame-ancestors 'none'").doesNotContain("*");
    }

    @Test
    void faviconIsTheAppsSvg() throws Exception {
        open("/");
        Locator icon = page.locator("link[rel=icon]");
        assertThat(icon).hasAttribute("href", Pattern.compile(".*icons/favicon\\.svg$"));
        String href = (String) icon.evaluate("l => new URL(l.href).pathname");
        HttpResponse<String> r = get(href);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("image/svg+xml"));
        assertThat(r.body()).startsWith("<svg").contains("#f0b429");
    }

    @Test
    void debuggerRunsUnderTheCspWithoutViolations() {
        Response response = page.navigate(url("/debug/" + SPLIT_MERGE));
        assertThat(response.headers().get("content-security-policy"))
                .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
        DebuggerPage debugger = new DebuggerPage(page);
        assertThat(debugger.stepLabel()).containsText("0 / ");
        waitForChart(page.locator("#fs-heatmap"));
        debugger.stepForward(5);
        assertThat(debugger.stepLabel()).containsText("5 / ");
        assertUrlContains("step=5");
        debugger.clickTimeline(20);
        assertThat(debugger.stepLabel()).containsText("20 / ");
        page.locator("#fs-model-notes").click();
        waitForVaadin();
        debugger.key("Escape");

        // navigation: to the list (full page load) and back into the debugger (router link)
        page.locator(".fs-brand").click();
        assertThat(page.locator("#fs-scenarios")).isVisible();
        new ScenarioListPage(page).openScenario(SPLIT_MERGE);
        assertThat(new DebuggerPage(page).stepLabel()).containsText("0 / ");
        waitForChart(page.locator("#fs-heatmap"));

        // Push: the client holds a websocket to this server
        assertThat(webSockets).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("ws://localhost:" + port + "/"));
        assertThat(cspViolations()).isEmpty();
        assertThat(consoleErrors).isEmpty();

        // Control: the policy is enforced and violations are seen (a script from another origin).
        page.evaluate("src => { const s = document.createElement('script'); s.src = src;"
                + " document.head.append(s); }", "http://127.0.0.1:" + port + "/VAADIN/x.js");
        page.waitForFunction("() => window.__fsCsp.length > 0");
        assertThat(cspViolations()).singleElement().asString().startsWith("script-src-elem blocked http://127.0.0.1:");
    }

    @Test
    void aHostileScenarioNameIsShownDecodedEscapedAndShort() {
        String tail = "y".repeat(2000);
        open("/debug/%3Cimg%20src%3Dx%20onerror%3Dwindow.__fsXss%3D1%3E" + tail + "?step=3");
        // an unknown scenario sends the user back to the list: no debugger, so no DebuggerPage
        Locator card = page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                .setHasText("Unknown scenario"));
        assertThat(card).isVisible();
        String text = card.textContent();
        assertThat(text).contains("'<img src=x onerror=window.__fsXss=1>yyy").contains("y\u2026'")
                .doesNotContain("y".repeat(Echo.MAX_LENGTH)).contains(SPLIT_MERGE);
        assertThat(text.length()).isLessThan(300);
        assertThat(card.locator("img")).hasCount(0);
        assertThat(page.evaluate("() => window.__fsXss === undefined")).isEqualTo(true);
        assertThat(page.locator("#fs-scenarios")).isVisible();
        assertNoPageWideLine(card);
        page.waitForTimeout(500); // the notification's opening animation
        screenshot("unknown-scenario");
    }

    @Test
    void aLongBadLinkParameterIsShortened() {
        open("/debug/" + SPLIT_MERGE + "?mt=" + "Z".repeat(2000) + "&zone=%3Cb%3Ebold%3C%2Fb%3E");
        Locator cards = page.locator("vaadin-notification-card");
        Locator mt = cards.filter(new Locator.FilterOptions().setHasText("mt '"));
        assertThat(mt).isVisible();
        assertThat(mt.textContent()).contains("Z\u2026'").doesNotContain("Z".repeat(Echo.MAX_LENGTH));
        Locator zone = cards.filter(new Locator.FilterOptions().setHasText("zone '<b>bold</b>'"));
        assertThat(zone).isVisible();
        assertThat(zone.locator("b")).hasCount(0);
        assertNoPageWideLine(mt);
    }

    /** The card fits the viewport and the page has no horizontal overflow. */
    private void assertNoPageWideLine(Locator card) {
        double cardWidth = card.boundingBox().width;
        assertThat(cardWidth).isLessThanOrEqualTo(WIDTH * 0.7);
        assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(WIDTH);
    }

    /** The raw response to a GET of {@code path} sent as written (java.net.URI refuses bad escapes). */
    private String rawGet(String path) throws IOException {
        try (java.net.Socket s = new java.net.Socket("localhost", port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
