package dev.folioscope.web.debugger;

import com.vaadin.flow.component.html.Div;
import dev.folioscope.recording.Event;
import dev.folioscope.recording.EventLog;

/**
 * Panel (b): the events around the cursor (30 before, 30 after), indented by nesting depth, the
 * current one highlighted; a click on a row jumps there. Rendered as one block of HTML with one
 * click listener, so a move costs one property update, not 61 components.
 */
final class EventListPanel extends Panel {
    static final int AROUND = 30;
    private static final String STEP_OF_TARGET =
            "(event.target.closest('[data-step]') || {dataset: {step: '-1'}}).dataset.step";

    private final Cursor cursor;
    private final Div rows = new Div();

    EventListPanel(Cursor cursor) {
        super("Events", "fs-events", cursor);
        this.cursor = cursor;
        rows.setId("fs-event-list");
        rows.addClassName("fs-event-list");
        rows.getElement().addEventListener("click", e -> {
            int step = Integer.parseInt(e.getEventData().get(STEP_OF_TARGET).asString());
            if (step >= 0) {
                cursor.moveTo(step);
            }
        }).addEventData(STEP_OF_TARGET);
        body().add(rows);
    }

    @Override
    protected void render() {
        int step = cursor.step();
        EventLog log = cursor.recording().events();
        int from = Math.max(0, step - AROUND);
        int to = Math.min(log.size(), step + AROUND);
        setHeading("Events " + from + "\u2013" + to + " of " + log.size());
        StringBuilder sb = new StringBuilder();
        for (int s = from; s <= to; s++) {
            sb.append("<div class=\"fs-ev").append(s == step ? " fs-ev-current" : "").append("\" data-step=\"")
                    .append(s).append("\">").append("<span class=\"fs-ev-num\">").append(s).append("</span>");
            if (s == 0) {
                sb.append("<span class=\"fs-ev-text\">(boot)</span>");
            } else {
                Event e = log.get(s);
                String summary = EventText.summary(e, cursor.scenario());
                sb.append("<span class=\"fs-ev-text fs-kind-").append(e.type().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\" style=\"padding-left:").append(e.depth() * 12).append("px\" title=\"")
                        .append(Html.esc(summary)).append("\">").append(Html.esc(summary)).append("</span>");
            }
            sb.append("</div>");
        }
        rows.getElement().setProperty("innerHTML", sb.toString());
        rows.getElement().executeJs("requestAnimationFrame(() => { const c = this.querySelector('.fs-ev-current');"
                + " const b = this.parentElement; if (c && b) {"
                + " b.scrollTop = c.offsetTop - b.clientHeight / 2 + c.offsetHeight / 2; } })");
    }
}
