package dev.folioscope.web.debugger;

import com.vaadin.flow.component.html.Div;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A panel whose body is one block of HTML rendered from a {@link ViewContext} by a pure
 * function, with links as buttons carrying {@code data-go}: a click (or Enter on the focused
 * button) moves the cursor as the link says ({@link #follow}).
 */
class ViewPanel extends Panel {
    static final String GO_OF_TARGET =
            "(event.target.closest('[data-go]') || {dataset: {go: ''}}).dataset.go";

    protected final Cursor cursor;
    protected final Div content = new Div();
    private final Function<ViewContext, String> html;

    /**
     * @param html the body for a context: a pure function
     */
    ViewPanel(String title, String id, Cursor cursor, Function<ViewContext, String> html) {
        super(title, id, cursor);
        this.cursor = cursor;
        this.html = html;
        content.addClassName("fs-view");
        content.setId(id + "-content");
        content.getElement().addEventListener("click", e -> {
            String go = e.getEventData().get(GO_OF_TARGET).asString();
            if (go != null && !go.isEmpty()) {
                follow(cursor, go);
            }
        }).addEventData(GO_OF_TARGET);
        body().addClassName("fs-view-body");
        body().add(content);
    }

    @Override
    protected void render() {
        content.getElement().setProperty("innerHTML", html.apply(ViewContext.of(cursor)));
    }

    /**
     * follow() - follow a link: {@code key=value} pairs joined by ';', keys being {@link FocusKey}
     * names (an empty value drops the key) or {@code step}. Focusing a pid without va or vma drops
     * them (they were another process's); focusing a pfn without a folio drops the folio.
     */
    static void follow(Cursor cursor, String spec) {
        Focus f = cursor.focus();
        Integer step = null;
        Set<String> named = new HashSet<>();
        for (String part : spec.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            named.add(key);
            if (key.equals("step")) {
                step = Integer.parseInt(value);
                continue;
            }
            for (FocusKey<?> k : FocusKey.ALL) {
                if (k.name().equals(key)) {
                    f = set(f, k, value, cursor);
                }
            }
        }
        if (named.contains("pid")) {
            f = named.contains("va") ? f : f.with(FocusKey.VA, null);
            f = named.contains("vma") ? f : f.with(FocusKey.VMA, null);
        }
        if (named.contains("pfn") && !named.contains("folio")) {
            f = f.with(FocusKey.FOLIO, null);
        }
        cursor.focus(f);
        if (step != null && step >= 0 && step <= cursor.lastStep()) {
            cursor.moveTo(step);
        }
    }

    private static <T> Focus set(Focus f, FocusKey<T> key, String value, Cursor cursor) {
        if (value.isEmpty()) {
            return f.with(key, null);
        }
        T v = key.parse(value, cursor.moment().kernel());
        return v == null ? f : f.with(key, v);
    }
}
