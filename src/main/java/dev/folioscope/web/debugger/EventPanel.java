package dev.folioscope.web.debugger;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.ZoneWatermarks;
import dev.folioscope.kernel.debug.EventPrinter;
import dev.folioscope.kernel.trace.PageAllocEvents;
import dev.folioscope.kernel.trace.WorkloadEvents;
import dev.folioscope.recording.Event;
import dev.folioscope.recording.EventLog;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Panel (a): the event at the cursor. The kernel function and its file, the arguments spelled
 * out, what the event changed, the call path from the scenario step down (each clickable), and
 * the scenario step's note.
 */
final class EventPanel extends Panel {
    private final Cursor cursor;

    EventPanel(Cursor cursor) {
        super("Current event", "fs-event", cursor);
        this.cursor = cursor;
    }

    @Override
    protected void render() {
        Div body = body();
        body.removeAll();
        int step = cursor.step();
        if (step == 0) {
            setHeading("Step 0 \u2014 booted machine");
            body.add(booted(cursor.moment().kernel()));
            return;
        }
        EventLog log = cursor.recording().events();
        Event e = log.get(step);
        setHeading("Event " + step + " of " + cursor.lastStep());

        Div fn = new Div(new Span(e.schema().function()), new Span(" \u2014 " + e.schema().file()));
        fn.setId("fs-event-function");
        fn.addClassName("fs-event-fn");
        body.add(fn);

        Div args = new Div();
        args.setId("fs-event-args");
        args.addClassName("fs-args");
        Span cpu = new Span("cpu");
        cpu.addClassName("fs-arg-name");
        Span cpuValue = new Span(Integer.toString(e.cpu()));
        cpuValue.addClassName("fs-arg-value");
        args.add(cpu, cpuValue);
        for (EventPrinter.Arg a : EventText.args(e)) {
            Span name = new Span(a.field().name());
            name.addClassName("fs-arg-name");
            Span value = new Span(a.value());
            value.addClassName("fs-arg-value");
            args.add(name, value);
        }
        body.add(args);

        Div effect = new Div(EventText.effect(e));
        effect.setId("fs-event-effect");
        effect.addClassName("fs-effect");
        body.add(effect);
        if (e.type() == PageAllocEvents.ZONE_WATERMARK_OK) {
            body.add(watermarkCheck(log, e));
        }

        body.add(callPath(log, e));

        Event root = root(log, e);
        if (root.type() == WorkloadEvents.STEP) {
            int idx = (int) root.arg("step");
            Div note = new Div();
            note.setId("fs-step-note");
            note.addClassName("fs-note");
            Span head = new Span("Scenario step " + (idx + 1) + " \u00b7 " + EventText.stepKind(cursor.scenario(), idx)
                    + " \u00b7 " + cursor.scenario().name() + ".yaml:" + cursor.scenario().steps().get(idx).line());
            head.addClassName("fs-note-head");
            String text = EventText.note(cursor.scenario(), idx);
            note.add(head, new Div(text == null ? "(no note for this step)" : text));
            body.add(note);
        }
    }

    /** The ancestors of an event from the top-level step down, then the event itself. */
    private Div callPath(EventLog log, Event e) {
        Deque<Event> path = new ArrayDeque<>();
        for (Event x = e; ; x = log.get(x.parent())) {
            path.addFirst(x);
            if (x.parent() == 0) {
                break;
            }
        }
        Div div = new Div();
        div.setId("fs-call-path");
        div.addClassName("fs-call-path");
        for (Event x : path) {
            Span s = new Span(x.type() == WorkloadEvents.STEP ? "step " + (x.arg("step") + 1) : x.schema().function());
            s.getElement().setAttribute("title", "event " + x.step() + ": " + EventText.summary(x, cursor.scenario()));
            s.getElement().setAttribute("data-step", Integer.toString(x.step()));
            s.addClassName("fs-frame");
            s.getStyle().set("padding-left", (x.depth() * 10) + "px");
            if (x.step() == e.step()) {
                s.addClassName("fs-frame-current");
            } else {
                int target = x.step();
                s.addClickListener(ev -> cursor.moveTo(target));
            }
            Span num = new Span("#" + x.step());
            num.addClassName("fs-frame-step");
            div.add(new Div(s, num));
        }
        return div;
    }

    /**
     * The numbers of __zone_watermark_ok at this event, as the kernel computes them: the alloc_flags
     * of the enclosing get_page_from_freelist and the highest zone of the enclosing __alloc_pages.
     */
    private Div watermarkCheck(EventLog log, Event e) {
        int order = (int) e.arg("order");
        Zone z = cursor.moment().kernel().node().zone((int) e.arg("zone"));
        Watermark w = Watermark.of((int) e.arg("mark"));
        int allocFlags = 0;
        int highest = ZoneType.MOVABLE.ordinal();
        for (Event x = e; x.parent() != 0;) {
            x = log.get(x.parent());
            if (x.type() == PageAllocEvents.GET_PAGE_FROM_FREELIST && allocFlags == 0) {
                allocFlags = (int) x.arg("alloc_flags");
            } else if (x.type() == PageAllocEvents.ALLOC_PAGES) {
                highest = Gfp.gfpZone((int) x.arg("gfp_flags"));
                break;
            }
        }
        ZoneWatermarks.Check c = ZoneWatermarks.explain(z, order, z.watermark(w), highest, allocFlags);
        StringBuilder sb = new StringBuilder("NR_FREE_PAGES ").append(c.freePages()).append(" \u2212 ")
                .append(c.unusable()).append(" unusable (order-").append(order).append(" tail")
                .append(c.highatomic() > 0 ? " and " + c.highatomic() + " in the high-atomic reserve" : "")
                .append(") = ").append(c.freePages() - c.unusable()).append(", needs > ").append(w.kernelName())
                .append(' ').append(z.watermark(w));
        if (c.min() != z.watermark(w)) {
            sb.append(" (").append(c.min()).append(" with this request's reserve rights)");
        }
        sb.append(" + lowmem_reserve[").append(EventText.zoneName(highest)).append("] ").append(c.lowmemReserve())
                .append(" = ").append(c.min() + c.lowmemReserve());
        if (order > 0) {
            sb.append("; and a free block of order \u2265 ").append(order).append(c.blockFree() ? " (found)" : " (none)");
        }
        sb.append(c.ok() ? ": passes." : ": fails.");
        if (c.ok() != (e.arg("ok") == 1)) {
            sb.append(" zone_watermark_fast decided otherwise: for order 0 it first compares the free pages less"
                    + " the reserve with the mark, and a __GFP_HIGH request at the min watermark is checked again"
                    + " against the unboosted min.");
        }
        Div d = new Div(sb.toString());
        d.setId("fs-watermark-check");
        d.addClassName("fs-check");
        return d;
    }

    private static Event root(EventLog log, Event e) {
        Event x = e;
        while (x.parent() != 0) {
            x = log.get(x.parent());
        }
        return x;
    }

    private Div booted(Kernel k) {
        Div d = new Div();
        d.addClassName("fs-effect");
        StringBuilder sb = new StringBuilder("The machine as boot left it: every managed page is on the buddy lists. ");
        sb.append("min_free_kbytes = ").append(k.minFreeKbytes()).append(", ").append(k.config().cpus())
                .append(" CPU(s), populated zones: ");
        boolean first = true;
        for (Zone z : k.node().zones()) {
            if (z.isPopulated()) {
                sb.append(first ? "" : ", ").append(z.name()).append(" (").append(z.managedPages()).append(" pages)");
                first = false;
            }
        }
        d.setText(sb.append(". Press \u2192 to run the first event.").toString());
        String desc = cursor.scenario().description();
        Div note = new Div(new Span(cursor.scenario().title()), new Div(desc == null ? "" : EventText.reflow(desc)));
        note.addClassName("fs-note");
        note.setId("fs-step-note");
        Div wrap = new Div(d, note);
        return wrap;
    }
}
