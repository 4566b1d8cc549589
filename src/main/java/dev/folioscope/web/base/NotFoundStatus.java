package dev.folioscope.web.base;

import com.vaadin.flow.server.BootstrapInitialPredicate;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServiceInitListener;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Makes an address that no route matches answer HTTP 404 instead of 200.
 *
 * <p>Vaadin answers every page request with the same index.html (200) and resolves the route
 * only in the client's first server round trip, too late for the status. For a path that no
 * route matches, this listener has Vaadin build the first view within the page request itself
 * ("eager server load", the initial UIDL inlined in the page); Vaadin then uses the status
 * that the error view returns ({@link NotFoundView}: 404) as the response's status. The same goes
 * for permanent links, {@code /s/<id>} and {@code /l/<name>}, whose routes always match but whose
 * scenario or name may not exist. Requests for other routes are served as before.
 */
@Component
class NotFoundStatus implements VaadinServiceInitListener {
    /** The path prefixes of permanent links (the routes of web.debugger.SharedScenarioView and NamedLinkView). */
    static final List<String> LINKS = List.of("/s/", "/l/");

    @Override
    public void serviceInit(ServiceInitEvent event) {
        VaadinService service = event.getSource();
        BootstrapInitialPredicate previous = service.getBootstrapInitialPredicate();
        service.setBootstrapInitialPredicate(request -> previous.includeInitialUidl(request)
                || !hasRoute(service, request) || isLink(request));
    }

    /**
     * Whether the request is for a permanent link, {@code /s/<id>} or {@code /l/<name>}: its route
     * exists, but the stored scenario or the name may not ({@link NoSuchLink}), and then the
     * answer is a 404 as well.
     */
    static boolean isLink(VaadinRequest request) {
        String path = request.getPathInfo();
        return path != null && LINKS.stream().anyMatch(path::startsWith);
    }

    /** Whether a route (with its URL parameters) matches the request's path; true if unsure. */
    static boolean hasRoute(VaadinService service, VaadinRequest request) {
        String path = request.getPathInfo();
        path = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
        try {
            return service.getRouter().resolveNavigationTarget(path, request.getParameterMap()).isPresent();
        } catch (RuntimeException e) {
            return true;
        }
    }
}
