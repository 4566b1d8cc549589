package dev.folioscope.web.debugger;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.AllocFlags;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.AllocFailReason;
import dev.folioscope.kernel.trace.EventKind;
import dev.folioscope.recording.Event;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Events in words, the way a kernel developer reads a trace: the arguments spelled out (zone
 * name, pfn in hex, migratetype name, gfp and alloc_flags decoded) and what the event changed.
 * Pure functions of the event (and the scenario for STEP), no UI types.
 */
final class EventText {
    private EventText() {
    }

    /** One argument: its name as in the kernel source, and its value spelled out. */
    record Arg(String name, String value) {
    }

    /** "__rmqueue_smallest — mm/page_alloc.c". */
    static String title(EventKind kind) {
        return kind.function() + " \u2014 " + kind.file();
    }

    /** A one-line summary for the event list: function and its key arguments. */
    static String summary(Event e, Scenario scenario) {
        if (e.kind() == EventKind.STEP) {
            return "step " + (e.aux() + 1) + ": " + stepKind(scenario, e.aux());
        }
        StringBuilder sb = new StringBuilder(e.kind().function()).append('(');
        List<String> parts = new ArrayList<>();
        if (e.zone() >= 0) {
            parts.add(zoneName(e.zone()));
        }
        if (e.pfn() >= 0) {
            parts.add(CursorParams.hex(e.pfn()));
        }
        if (e.order() >= 0) {
            parts.add("o" + e.order());
        }
        if (e.mt() >= 0) {
            parts.add(mtName(e.mt()));
        }
        sb.append(String.join(", ", parts)).append(')');
        String r = result(e);
        if (r != null) {
            sb.append(" = ").append(r);
        }
        return sb.toString();
    }

    /** The arguments of an event, named after the kernel's parameters, unused ones left out. */
    static List<Arg> args(Event e) {
        List<Arg> args = new ArrayList<>();
        if (e.zone() >= 0) {
            args.add(new Arg("zone", zoneName(e.zone())));
        }
        if (e.pfn() >= 0) {
            args.add(new Arg("pfn", CursorParams.hex(e.pfn()) + " (" + e.pfn() + ")"));
        }
        if (e.order() >= 0) {
            String name = switch (e.kind()) {
                case EXPAND -> "low (order)";
                case PAGE_ALLOC_EXTFRAG -> "fallback_order";
                default -> "order";
            };
            args.add(new Arg(name, e.order() + " (" + (1L << e.order()) + " page" + (e.order() == 0 ? "" : "s") + ")"));
        }
        if (e.mt() >= 0) {
            args.add(new Arg("migratetype", mtName(e.mt())));
        }
        String aux = aux(e);
        if (aux != null) {
            args.add(new Arg(e.kind().auxMeaning(), aux));
        }
        String r = result(e);
        if (r != null) {
            args.add(new Arg(e.kind() == EventKind.PAGE_ALLOC_EXTFRAG ? "alloc_order" : "result", r));
        }
        return args;
    }

    /** The aux argument spelled out, or null when this kind does not use it. */
    static String aux(Event e) {
        if (e.kind().auxMeaning().isEmpty() || e.aux() < 0 && e.kind() != EventKind.STEP) {
            return null;
        }
        return switch (e.kind()) {
            case STEP -> "#" + (e.aux() + 1);
            case ALLOC_PAGES, ALLOC_PAGES_SLOWPATH, PREP_NEW_PAGE -> Gfp.format(e.aux());
            case GET_PAGE_FROM_FREELIST, RMQUEUE -> AllocFlags.format(e.aux());
            case ZONE_WATERMARK_OK -> "WMARK_" + Watermark.of(e.aux()).name();
            case PAGE_ALLOC_EXTFRAG, MOVE_TO_FREE_LIST, SET_PAGEBLOCK_MIGRATETYPE -> mtName(e.aux());
            case ADD_TO_FREE_LIST -> e.aux() == 1 ? "yes (list_add_tail)" : "no (list_add, at the head)";
            case BUDDY_MERGE -> CursorParams.hex(e.aux());
            case WARN_ALLOC -> AllocFailReason.of(e.aux()).name();
            case EXPAND -> Integer.toString(e.aux());
            case BOOST_WATERMARK -> e.aux() + " pages";
            default -> Integer.toString(e.aux());
        };
    }

    /** The result spelled out, or null for kinds without a result (or one not returned yet). */
    static String result(Event e) {
        return switch (e.kind()) {
            case ALLOC_PAGES, GET_PAGE_FROM_FREELIST, ALLOC_PAGES_SLOWPATH, RMQUEUE, RMQUEUE_SMALLEST, RMQUEUE_CLAIM,
                    RMQUEUE_STEAL -> e.result() < 0 ? "NULL (no page)" : "pfn " + CursorParams.hex(e.result());
            case FREE_ONE_PAGE, BUDDY_MERGE, EXPAND -> e.result() < 0 ? null : "pfn " + CursorParams.hex(e.result());
            case ZONE_WATERMARK_OK -> e.result() == 1 ? "true (ok)" : "false (below watermark)";
            case STEP -> e.result() + " operation" + (e.result() == 1 ? "" : "s");
            case PAGE_ALLOC_EXTFRAG -> Integer.toString(e.result());
            default -> null;
        };
    }

    /** What the event did to the kernel's state, in one sentence. */
    static String effect(Event e) {
        String block = e.pfn() >= 0 && e.order() >= 0 ? "block " + range(e.pfn(), e.order()) + " order " + e.order()
                : "";
        String list = e.order() >= 0 && e.mt() >= 0 ? "free_area[" + e.order() + "].free_list[" + mtName(e.mt()) + "]"
                : "";
        String zone = e.zone() >= 0 ? " of zone " + zoneName(e.zone()) : "";
        return switch (e.kind()) {
            case STEP -> "Starts the scenario step; its operations are the events inside it.";
            case ALLOC_PAGES -> e.result() < 0 ? "The allocation failed: no page was returned."
                    : "Returned " + range(e.result(), e.order()) + " (" + (1L << e.order()) + " pages) to the caller.";
            case GET_PAGE_FROM_FREELIST -> e.result() < 0
                    ? "No zone of the zonelist could serve the request with these alloc_flags."
                    : "Served by a zone of the zonelist: pfn " + CursorParams.hex(e.result()) + ".";
            case ZONE_WATERMARK_OK -> "No state change: zone " + zoneName(e.zone()) + " "
                    + (e.result() == 1 ? "passes" : "fails") + " the " + Watermark.of(e.aux()).kernelName()
                    + " watermark check for order " + e.order() + ".";
            case ALLOC_PAGES_SLOWPATH -> "Slow path (reclaim, compaction and OOM are not modelled): "
                    + (e.result() < 0 ? "gave up." : "got pfn " + CursorParams.hex(e.result()) + ".");
            case WAKEUP_KSWAPD -> "kswapd of the node is woken for zone " + zoneName(e.zone())
                    + " (recorded only: kswapd is not modelled).";
            case RMQUEUE, RMQUEUE_SMALLEST, RMQUEUE_CLAIM, RMQUEUE_STEAL -> e.result() < 0
                    ? "Nothing found in " + (list.isEmpty() ? "the free lists" : "the lists for " + mtName(e.mt()))
                            + zone + "."
                    : "Took pfn " + CursorParams.hex(e.result()) + " off the free lists" + zone + ".";
            case PAGE_ALLOC_EXTFRAG -> "Fragmentation event: a " + mtName(e.mt()) + " request of order " + e.result()
                    + " falls back to a " + mtName(e.aux()) + " block of order " + e.order() + " at "
                    + CursorParams.hex(e.pfn()) + ".";
            case EXPAND -> "Splits a block of order " + e.aux() + " at " + CursorParams.hex(e.pfn()) + " down to order "
                    + e.order() + "; the upper halves go onto the " + mtName(e.mt()) + " free lists.";
            case DEL_PAGE_FROM_FREE_LIST -> capital(block) + " removed from " + list + zone + ".";
            case ADD_TO_FREE_LIST -> capital(block) + " added to the " + (e.aux() == 1 ? "tail" : "head") + " of "
                    + list + zone + ".";
            case MOVE_TO_FREE_LIST -> capital(block) + " moved from free_list[" + mtName(e.aux()) + "] to "
                    + list + zone + ".";
            case SET_PAGEBLOCK_MIGRATETYPE -> "Pageblock " + range(e.pfn(), 9) + " changes migratetype "
                    + mtName(e.aux()) + " \u2192 " + mtName(e.mt()) + ".";
            case BOOST_WATERMARK -> "watermark_boost of zone " + zoneName(e.zone()) + " becomes " + e.aux()
                    + " pages (raises min/low/high).";
            case PREP_NEW_PAGE -> capital(block) + " is allocated: refcount set, gfp " + Gfp.format(e.aux()) + ".";
            case WARN_ALLOC -> "Allocation failure: " + AllocFailReason.of(e.aux()).text() + ".";
            case FREE_PAGES -> "Frees " + block + zone + ".";
            case FREE_PAGES_PREPARE -> "Refcount of " + block + " reached zero; flags checked.";
            case FREE_ONE_PAGE -> "Puts " + block + " back into the buddy lists, merging upward"
                    + (e.result() >= 0 ? " (merged block at " + CursorParams.hex(e.result()) + ")" : "") + ".";
            case BUDDY_MERGE -> "Merges " + block + " with its free buddy at " + CursorParams.hex(e.aux())
                    + " into a block of order " + (e.order() + 1) + ".";
        };
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
        return switch (scenario.steps().get(stepIndex)) {
            case Step.Alloc a -> "alloc " + a.label() + ": " + a.count() + " \u00d7 order " + a.order() + ", "
                    + a.gfpText();
            case Step.Free f -> "free " + f.label() + (f.count() == null ? " (all)" : ": " + f.count());
            case Step.Random r -> "random " + r.label() + ": " + r.ops() + " ops";
            case Step.Idle i -> "idle " + i.seconds() + " s";
            case Step.DrainAllPages d -> "drain_all_pages";
        };
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

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
