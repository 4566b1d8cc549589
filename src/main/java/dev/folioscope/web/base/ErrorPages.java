package dev.folioscope.web.base;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a request that fails outside the debugger's views gets: the application's own short page
 * with the reason and a link home, never Tomcat's or Spring's bare error page. Three ways in:
 * Tomcat refuses a malformed path (a bad %-escape, an encoded slash, a NUL) with 400 before any
 * servlet runs, and reports it through the host's error valve ({@link Report}); a query string
 * that does not decode is refused by the first filter ({@link MalformedQuery}); an error inside
 * the servlet container (an uncaught exception) is forwarded to {@code /error}, which this
 * controller answers instead of Spring's whitelabel page.
 */
@Controller
class ErrorPages implements ErrorController, WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(Report.class.getName());
            }
        });
    }

    /**
     * A query string whose %-escapes do not decode to UTF-8 ({@code ?step=%ZZ}) is answered 400,
     * with the page, before a servlet reads it: Tomcat would throw there and log the exception twice
     * with its stack trace, so that any client could fill the log.
     */
    @Bean
    FilterRegistrationBean<MalformedQuery> malformedQueryFilter() {
        FilterRegistrationBean<MalformedQuery> bean = new FilterRegistrationBean<>(new MalformedQuery());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    static final class MalformedQuery extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String query = request.getQueryString();
            if (query != null && !decodes(query)) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                SecurityHeaders.apply(response, SecurityHeaders.CSP_ENFORCED); // as Report does
                response.setContentType("text/html");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getWriter().write(html(HttpStatus.BAD_REQUEST.value()));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Whether every %-escape of a query string is two hex digits, and the bytes they make are UTF-8. */
    static boolean decodes(String query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c != '%') {
                bytes.write(c < 0x80 ? c : '?'); // Tomcat refuses a raw non-ASCII character before this
                continue;
            }
            if (i + 2 >= query.length() || Echo.hex(query.charAt(i + 1)) < 0 || Echo.hex(query.charAt(i + 2)) < 0) {
                return false;
            }
            bytes.write(Echo.hex(query.charAt(i + 1)) << 4 | Echo.hex(query.charAt(i + 2)));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** /error: the page for the status the container forwarded with. */
    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html(status));
    }

    /** The page: status, what it means for the user, a way home. */
    static String html(int status) {
        String reason = switch (status) {
            case 400 -> "This address is malformed (a bad %-escape, an encoded slash or a control character)"
                    + " or too long, so it cannot be opened.";
            case 404 -> "There is no page at this address.";
            default -> "The server could not answer this request (HTTP " + status + "); the details are in the"
                    + " server log.";
        };
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status
                + " \u2014 Folioscope</title><link rel=\"stylesheet\" href=\"/styles/folioscope.css\"></head>"
                + "<body style=\"font-family: system-ui, sans-serif\"><div class=\"fs-error-view\">"
                + "<p class=\"fs-error-code\">" + status + "</p><h1>This link cannot be opened"
                + "</h1><p>" + reason + "</p><p><a id=\"fs-home-link\" href=\"/\">\u2190 Back to the scenario list"
                + "</a></p></div></body></html>";
    }

    /** The host's error report, for what never reaches a servlet. */
    public static final class Report extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                // enforced even in development mode: this page runs no script
                SecurityHeaders.apply(response, SecurityHeaders.CSP_ENFORCED);
                response.setContentType("text/html");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer w = response.getReporter();
                if (w != null) {
                    w.write(html(status));
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away, or a body was started after all: nothing more to say.
            }
        }
    }
}
