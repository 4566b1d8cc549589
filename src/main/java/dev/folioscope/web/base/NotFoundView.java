package dev.folioscope.web.base;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What an address that no route matches shows ({@code /nope}, {@code /debug} without a
 * scenario, {@code /debug/x/extra}), and a link to something that does not exist ({@link NoSuchLink},
 * such as an unknown {@code /s/<id>}): the path, why (the {@link NoSuchLink}'s message), and a link
 * to the scenario list. Vaadin picks
 * this view over {@link ErrorView} because {@link NotFoundException} is the closer match; the
 * 404 it returns becomes the HTTP status of the page request (see {@link NotFoundStatus}).
 */
@PageTitle("Page not found \u2014 Folioscope")
public class NotFoundView extends Div implements HasErrorParameter<NotFoundException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        setId("fs-not-found");
        addClassName("fs-error-view");
        removeAll();
        Span path = new Span("/" + Echo.pathSegment(event.getLocation().getPath()));
        path.setId("fs-not-found-path");
        path.addClassName("fs-code");
        Anchor home = new Anchor("", "\u2190 Back to the scenario list");
        home.setId("fs-home-link");
        Paragraph code = new Paragraph("404");
        code.addClassName("fs-error-code");
        Paragraph why = parameter.getCaughtException() instanceof NoSuchLink link
                ? new Paragraph(link.getMessage())
                : new Paragraph("The debugger's pages are /debug/<scenario>; the scenario list links to all of them.");
        why.setId("fs-not-found-reason");
        add(code, new H1("This page does not exist"),
                new Paragraph(new Span("There is no page at "), path, new Span(".")), why, home);
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
