package dev.folioscope.web.base;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a navigation that failed with an exception shows: a message and a way back, never a
 * stack trace (that goes to the server log).
 */
public class ErrorView extends Div implements HasErrorParameter<Exception> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorView.class);

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        LOG.error("navigation to '{}' failed", event.getLocation().getPath(), parameter.getException());
        addClassName("fs-error-view");
        removeAll();
        add(new H2("This page could not be shown"),
                new Paragraph(MainErrorHandler.message(parameter.getException())),
                new Anchor("", "Back to the scenario list"));
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
