package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * A debugger panel: a titled frame with a header (title, optional tools on the right) and a
 * scrolling body, styled by {@code frontend/styles/folioscope.css} (class {@code fs-panel}).
 */
class Panel extends Div {
    private final Span title = new Span();
    private final Div tools = new Div();
    private final Div body = new Div();

    Panel(String titleText, String id) {
        setId(id);
        addClassName("fs-panel");
        title.setText(titleText);
        title.addClassName("fs-panel-title");
        tools.addClassName("fs-panel-tools");
        Div header = new Div(title, tools);
        header.addClassName("fs-panel-header");
        body.addClassName("fs-panel-body");
        add(header, body);
    }

    void setHeading(String text) {
        title.setText(text);
    }

    Div body() {
        return body;
    }

    void addTool(Component... components) {
        tools.add(components);
    }
}
