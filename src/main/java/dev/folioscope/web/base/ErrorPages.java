package dev.folioscope.web.base;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What a request that fails outside the debugger's views gets: the application's own short page
 * with the reason and a link home, never Tomcat's or Spring's bare error page. Two ways in:
 * Tomcat refuses a malformed address (a bad %-escape, an encoded slash, a NUL) with 400 before any
 * servlet runs, and reports it through the host's error valve ({@link Report}); an error inside the
 * servlet container (a bad escape in the query string, an uncaught exception) is forwarded to
 * {@code /error}, which this controller answers instead of Spring's whitelabel page.
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
            case 400 -> "This address is malformed (a bad %-escape, an encoded slash or a control character),"
                    + " so it cannot be opened.";
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
