package dev.folioscope.web.debugger;

import dev.folioscope.kernel.debug.EventPrinter;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.WorkloadEvents;
import dev.folioscope.recording.Event;
import dev.folioscope.scenario.Scenario;
import java.util.List;

/**
 * Events in words for the debugger, through {@link EventPrinter}: every event type prints from
 * its schema, and only the workload's own STEP event reads the scenario for its words. Pure
 * functions, no UI types.
 */
final class EventText {
    private EventText() {
    }

    /** "__rmqueue_smallest — mm/page_alloc.c". */
    static String title(EventType type) {
        return type.schema().function() + " \u2014 " + type.schema().file();
    }

    /** A one-line summary for the event list: function, fields and result. */
    static String summary(Event e, Scenario scenario) {
        if (e.type() == WorkloadEvents.STEP) {
            int idx = (int) e.args()[0];
            return "step " + (idx + 1) + ": " + stepKind(scenario, idx);
        }
        return EventPrinter.summary(values(e));
    }

    /** The event's fields and result, printed. */
    static List<EventPrinter.Arg> args(Event e) {
        return EventPrinter.args(values(e));
    }

    /** What the event did to the kernel's state, in one sentence. */
    static String effect(Event e) {
        return EventPrinter.says(values(e));
    }

    private static EventPrinter.Values values(Event e) {
        return new EventPrinter.Values(e.type(), e.cpu(), e.pid(), e.args(), e.result());
    }

    /**
     * A YAML block's text without its hard line breaks: lines join into paragraphs, while blank
     * lines and "- " list items still start a new line.
     */
    static String reflow(String text) {
        StringBuilder sb = new StringBuilder();
        for (String paragraph : text.strip().split("\n\\s*\n")) {
            sb.append(sb.isEmpty() ? "" : "\n\n");
            boolean lineStart = true;
            for (String line : paragraph.split("\n")) {
                String t = line.strip();
                if (t.startsWith("- ") && !lineStart) {
                    sb.append('\n');
                } else if (!lineStart) {
                    sb.append(' ');
                }
                sb.append(t);
                lineStart = false;
            }
        }
        return sb.toString();
    }

    /** The scenario step's note, or null when the step has none. */
    static String note(Scenario scenario, int stepIndex) {
        if (stepIndex < 0 || stepIndex >= scenario.steps().size()) {
            return null;
        }
        return scenario.steps().get(stepIndex).note();
    }

    /** What kind of scenario step it is, e.g. "alloc first: 1 \u00d7 order 0, GFP_KERNEL". */
    static String stepKind(Scenario scenario, int stepIndex) {
        if (stepIndex < 0 || stepIndex >= scenario.steps().size()) {
            return "?";
        }
        return scenario.steps().get(stepIndex).describe();
    }

    /** "1 page", "3 pages". */
    static String count(long n, String noun) {
        return EventPrinter.count(n, noun);
    }

    /** pfn range of a block, "0x200-0x3ff". */
    static String range(int pfn, int order) {
        return CursorParams.hex(pfn) + "-" + CursorParams.hex(pfn + (1L << order) - 1);
    }

    static String zoneName(int zone) {
        return ZoneType.values()[zone].kernelName();
    }

    static String mtName(int mt) {
        return mt >= 0 && mt < MigrateType.COUNT ? MigrateType.of(mt).procName() : "mt" + mt;
    }
}
