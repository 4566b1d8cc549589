package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * A debugger panel: a titled frame with a header (title, optional tools on the right) and a
 * scrolling body, styled by {@code frontend/styles/folioscope.css} (class {@code fs-panel}).
 *
 * <p>A panel renders the {@link Cursor} while it is attached: on attach it renders and starts
 * listening, on detach it stops ({@link Cursor#follow}), so a panel taken out of the layout
 * neither renders nor is kept alive by the cursor, and one put back shows the cursor as it is.
 */
abstract class Panel extends Div {
    private final Span title = new Span();
    private final Div tools = new Div();
    private final Div body = new Div();

    /**
     * @param cursor what the panel renders ({@link #render()})
     */
    Panel(String titleText, String id, Cursor cursor) {
        setId(id);
        addClassName("fs-panel");
        title.setText(titleText);
        title.addClassName("fs-panel-title");
        tools.addClassName("fs-panel-tools");
        Div header = new Div(title, tools);
        header.addClassName("fs-panel-header");
        body.addClassName("fs-panel-body");
        add(header, body);
        cursor.follow(this, this::render);
    }

    /** Shows the cursor's step and focus; called on attach and after every change while attached. */
    protected abstract void render();

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
