package dev.folioscope.web.base;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ErrorHandler;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place where unexpected errors of the UI end up: every session gets this error
 * handler, which logs the exception and shows a notification instead of a stack trace.
 */
@Component
class MainErrorHandler implements VaadinServiceInitListener {
    private static final Logger LOG = LoggerFactory.getLogger(MainErrorHandler.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(e -> e.getSession().setErrorHandler(new Handler()));
    }

    /** Logs the error and tells the user, on the UI where it happened. */
    static final class Handler implements ErrorHandler {
        @Override
        public void error(ErrorEvent event) {
            Throwable t = event.getThrowable();
            LOG.error("unexpected error in the UI", t);
            UI ui = UI.getCurrent();
            if (ui != null) {
                ui.access(() -> Notifications.problem("Something went wrong: " + message(t)
                        + " (details in the server log)"));
            }
        }
    }

    /** The innermost message of an exception chain, or its type when it has none. */
    static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
