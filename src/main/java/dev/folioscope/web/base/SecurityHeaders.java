package dev.folioscope.web.base;

import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers of every response, and SameSite=Lax on the session cookie.
 *
 * <p>The Content-Security-Policy is the tightest one found under which Vaadin Flow, Push, the
 * ECharts charts and navigation run without a violation (checked by {@code HardeningIT}; without
 * {@code 'unsafe-eval'} or the {@code data:} fonts it fails): everything from this origin only;
 * scripts may be inline (Vaadin's bootstrap page) and use {@code eval} (Flow runs
 * {@code executeJs} through the Function constructor: without it no view renders); styles may be
 * inline (Vaadin and its web components set style elements and attributes); fonts may be
 * {@code data:} URLs (the icon fonts of Vaadin's components). {@code connect-src 'self'} also
 * covers the Push websocket to the same host (CSP Level 3). No plug-ins, no framing, no foreign
 * base URL or form target.
 *
 * <p>In development mode ({@code mvn spring-boot:run}) the same policy is only reported
 * (Content-Security-Policy-Report-Only): Vaadin's dev tools keep working, and the browser console
 * still shows what production would block.
 */
@Configuration(proxyBeanMethods = false)
class SecurityHeaders {
    /** The policy, one directive per element. */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self'",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    /**
     * No Referer to other sites. (Not no-referrer: with it Chromium sends {@code Origin: null} on
     * the same-origin POSTs of Vaadin's client.)
     */
    static final String REFERRER_POLICY = "same-origin";

    static final String CSP_ENFORCED = "Content-Security-Policy";
    static final String CSP_REPORT_ONLY = "Content-Security-Policy-Report-Only";

    /** Sets the headers on a response, the policy under {@code cspHeader} (enforced or report-only). */
    static void apply(HttpServletResponse response, String cspHeader) {
        response.setHeader(cspHeader, CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", REFERRER_POLICY);
    }

    @Bean
    HeaderFilter securityHeadersFilter(ServletContext servletContext) {
        return new HeaderFilter(servletContext);
    }

    /** Every cookie the application sets (the session cookie JSESSIONID) is SameSite=Lax. */
    @Bean
    CookieSameSiteSupplier laxCookies() {
        return CookieSameSiteSupplier.ofLax();
    }

    /** Adds the headers before the request is handled, so that they are there however it ends. */
    static final class HeaderFilter extends OncePerRequestFilter {
        private final ServletContext servletContext;
        private volatile String cspHeader;

        HeaderFilter(ServletContext servletContext) {
            this.servletContext = servletContext;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            apply(response, cspHeader());
            chain.doFilter(request, response);
        }

        private String cspHeader() {
            String name = cspHeader;
            if (name == null) {
                boolean production = ApplicationConfiguration.get(new VaadinServletContext(servletContext))
                        .isProductionMode();
                name = production ? CSP_ENFORCED : CSP_REPORT_ONLY;
                cspHeader = name;
            }
            return name;
        }
    }
}
