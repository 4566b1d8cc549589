package dev.folioscope.web.debugger;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.AllocFlags;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.AllocFailReason;
import dev.folioscope.kernel.trace.EventKind;
import dev.folioscope.kernel.trace.KswapdWakeup;
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
        args.add(new Arg("cpu", Integer.toString(e.cpu())));
        if (e.zone() >= 0) {
            args.add(new Arg(zoneArgName(e.kind()), zoneName(e.zone())));
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
            args.add(new Arg(name, e.order() + " (" + count(1L << e.order(), "page") + ")"));
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

    /** kswapd's events carry the highest zone index to balance, not a zone acted on. */
    private static String zoneArgName(EventKind kind) {
        return switch (kind) {
            case KSWAPD, BALANCE_PGDAT, KSWAPD_SLEEP, WAKEUP_KCOMPACTD -> "highest_zoneidx";
            default -> "zone";
        };
    }

    /** The aux argument spelled out, or null when this kind does not use it. */
    static String aux(Event e) {
        if (e.kind().auxMeaning().isEmpty() || e.aux() < 0 && e.kind() != EventKind.STEP) {
            return null;
        }
        return switch (e.kind()) {
            case STEP -> "#" + (e.aux() + 1);
            case ALLOC_PAGES, ALLOC_PAGES_SLOWPATH, PREP_NEW_PAGE, TRY_TO_FREE_PAGES, ALLOC_PAGES_MAY_OOM,
                    OUT_OF_MEMORY -> Gfp.format(e.aux());
            case GET_PAGE_FROM_FREELIST, RMQUEUE -> AllocFlags.format(e.aux());
            case ZONE_WATERMARK_OK -> "WMARK_" + Watermark.of(e.aux()).name();
            case PAGE_ALLOC_EXTFRAG, MOVE_TO_FREE_LIST, SET_PAGEBLOCK_MIGRATETYPE -> mtName(e.aux());
            case ADD_TO_FREE_LIST, PCP_LIST_ADD -> e.aux() == 1 ? "yes (list_add_tail)" : "no (list_add, at the head)";
            case FREE_FROZEN_PAGE_COMMIT, UNRESERVE_HIGHATOMIC_PAGEBLOCK -> e.aux() == 1 ? "yes" : "no";
            case BUDDY_MERGE -> CursorParams.hex(e.aux());
            case WARN_ALLOC -> AllocFailReason.of(e.aux()).name();
            case WAKEUP_KSWAPD -> zoneName(e.aux());
            case ZONE_FLAG -> zoneFlagName(e.aux());
            case BOOST_WATERMARK, UNBOOST_WATERMARK, RESERVE_HIGHATOMIC_PAGEBLOCK, FREE_PCPPAGES_BULK,
                    DRAIN_PAGES_ZONE -> count(e.aux(), "page");
            case NR_PCP_ALLOC, RMQUEUE_BULK -> count(e.aux(), "block");
            default -> Integer.toString(e.aux());
        };
    }

    /** ZONE_BOOSTED_WATERMARK and friends, by their bit in zone->flags. */
    static String zoneFlagName(int bit) {
        return switch (bit) {
            case Zone.ZONE_BOOSTED_WATERMARK -> "ZONE_BOOSTED_WATERMARK";
            case Zone.ZONE_RECLAIM_ACTIVE -> "ZONE_RECLAIM_ACTIVE";
            case Zone.ZONE_BELOW_HIGH -> "ZONE_BELOW_HIGH";
            default -> "0x" + Integer.toHexString(bit);
        };
    }

    /** The result spelled out, or null for kinds without a result (or one not returned yet). */
    static String result(Event e) {
        return switch (e.kind()) {
            case ALLOC_PAGES, GET_PAGE_FROM_FREELIST, ALLOC_PAGES_SLOWPATH, RMQUEUE, RMQUEUE_SMALLEST, RMQUEUE_CLAIM,
                    RMQUEUE_STEAL, RMQUEUE_PCPLIST, ALLOC_PAGES_MAY_OOM ->
                e.result() < 0 ? "NULL (no page)" : "pfn " + CursorParams.hex(e.result());
            case FREE_ONE_PAGE, BUDDY_MERGE, EXPAND -> e.result() < 0 ? null : "pfn " + CursorParams.hex(e.result());
            case ZONE_WATERMARK_OK -> e.result() == 1 ? "true (ok)" : "false (below watermark)";
            case STEP -> count(e.result(), "operation");
            case PAGE_ALLOC_EXTFRAG -> Integer.toString(e.result());
            case WAKEUP_KSWAPD -> KswapdWakeup.of(e.result()).name();
            case WARN_ALLOC -> e.result() == 1 ? "fragmented" : "below watermark";
            case NR_PCP_ALLOC, FREE_FROZEN_PAGE_COMMIT -> "high " + e.result();
            case RMQUEUE_BULK -> count(e.result(), "block");
            case PCP_LIST_ADD, PCP_LIST_DEL -> "pcp count " + e.result();
            case FREE_PCPPAGES_BULK, DRAIN_PAGES_ZONE, DRAIN_ALL_PAGES, TRY_TO_FREE_PAGES, SHRINK_NODE ->
                count(e.result(), "page");
            case RESERVE_HIGHATOMIC_PAGEBLOCK -> "nr_reserved_highatomic " + e.result();
            case UNRESERVE_HIGHATOMIC_PAGEBLOCK, SHOULD_RECLAIM_RETRY, ZONE_FLAG, KSWAPD_SLEEP, OUT_OF_MEMORY ->
                e.result() == 1 ? "true" : "false";
            case KSWAPD -> count(e.result(), "balance_pgdat run");
            case BALANCE_PGDAT -> "order " + e.result();
            case VMSTAT_UPDATE, DECAY_PCP_HIGH -> Integer.toString(e.result());
            default -> null;
        };
    }

    /** What the event did to the kernel's state, in one sentence. */
    static String effect(Event e) {
        String block = e.pfn() >= 0 && e.order() >= 0 ? "block " + range(e.pfn(), e.order()) + " order " + e.order()
                : "";
        String list = e.order() >= 0 && e.mt() >= 0 ? "free_area[" + e.order() + "].free_list[" + mtName(e.mt()) + "]"
                : "";
        String pcpList = "CPU " + e.cpu() + "'s per-CPU list for order " + e.order() + " " + mtName(e.mt());
        String zone = e.zone() >= 0 ? " of zone " + zoneName(e.zone()) : "";
        return switch (e.kind()) {
            case STEP -> "Starts the scenario step; its operations are the events inside it.";
            case ALLOC_PAGES -> e.result() < 0 ? "The allocation failed: no page was returned."
                    : "Returned " + range(e.result(), e.order()) + " (" + count(1L << e.order(), "page") + ") to the caller.";
            case GET_PAGE_FROM_FREELIST -> e.result() < 0
                    ? "No zone of the zonelist could serve the request with these alloc_flags."
                    : "Served by a zone of the zonelist: pfn " + CursorParams.hex(e.result()) + ".";
            case ZONE_WATERMARK_OK -> "No state change: zone " + zoneName(e.zone()) + " "
                    + (e.result() == 1 ? "passes" : "fails") + " the " + Watermark.of(e.aux()).kernelName()
                    + " watermark check for order " + e.order() + ".";
            case ALLOC_PAGES_SLOWPATH -> "Slow path: wake kswapd, retry at the min watermark, reclaim, retry, OOM: "
                    + (e.result() < 0 ? "gave up." : "got pfn " + CursorParams.hex(e.result()) + ".");
            case WAKEUP_KSWAPD -> "Asks kswapd to balance the node up to zone " + zoneName(e.aux()) + " for order "
                    + e.order() + ": " + KswapdWakeup.of(e.result()).text() + ".";
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
            case BOOST_WATERMARK -> "watermark_boost of zone " + zoneName(e.zone()) + " becomes "
                    + count(e.aux(), "page") + " (raises min/low/high).";
            case PREP_NEW_PAGE -> capital(block) + " is allocated: refcount set, gfp " + Gfp.format(e.aux()) + ".";
            case WARN_ALLOC -> "Allocation failure: " + AllocFailReason.of(e.aux()).text() + (e.result() == 1
                    ? "; the allowed zones had free pages above their watermark but no free block of order "
                            + e.order() + " or larger (fragmentation)."
                    : "; the allowed zones were at or below their watermarks.");
            case FREE_PAGES -> "Frees " + block + zone + ".";
            case FREE_PAGES_PREPARE -> "Refcount of " + block + " reached zero; flags checked.";
            case FREE_ONE_PAGE -> "Puts " + block + " back into the buddy lists, merging upward"
                    + (e.result() >= 0 ? " (merged block at " + CursorParams.hex(e.result()) + ")" : "") + ".";
            case BUDDY_MERGE -> "Merges " + block + " with its free buddy at " + CursorParams.hex(e.aux())
                    + " into a block of order " + (e.order() + 1) + ".";
            case RMQUEUE_PCPLIST -> e.result() < 0 ? "The buddy lists could not refill " + pcpList + zone + "."
                    : "Took pfn " + CursorParams.hex(e.result()) + " from " + pcpList + zone + ".";
            case NR_PCP_ALLOC -> "The list is empty: refill it with " + count(e.aux(), "block")
                    + " from the buddy lists; the pageset's high is now " + e.result() + ".";
            case RMQUEUE_BULK -> "Moves up to " + count(e.aux(), "block") + " of order "
                    + e.order() + " from the buddy lists to the tail of " + pcpList + ": got " + e.result() + ".";
            case PCP_LIST_ADD -> capital(block) + " added to the " + (e.aux() == 1 ? "tail" : "head") + " of "
                    + pcpList + zone + "; the pageset now holds " + count(e.result(), "page") + ".";
            case PCP_LIST_DEL -> capital(block) + " taken off " + pcpList + zone + "; the pageset now holds "
                    + count(e.result(), "page") + ".";
            case FREE_FROZEN_PAGE_COMMIT -> "The freed " + block + " goes to " + pcpList + zone
                    + (e.aux() == 1 ? " in a run of high-order frees (free_high)" : "") + "; pages go back to the"
                    + " buddy lists once the pageset holds " + e.result() + ".";
            case FREE_PCPPAGES_BULK -> "Returns " + count(e.aux(), "page") + " of CPU " + e.cpu() + "'s per-CPU lists" + zone
                    + " to the buddy lists, coldest first, round the lists: " + e.result() + " freed.";
            case VMSTAT_UPDATE -> "The vmstat worker runs on CPU " + e.cpu() + " and decays its pagesets.";
            case DECAY_PCP_HIGH -> "CPU " + e.cpu() + "'s pageset" + zone + ": high decays to " + e.aux()
                    + "; pages above it go back to the buddy lists.";
            case DRAIN_PAGES_ZONE -> "Empties CPU " + e.cpu() + "'s pageset" + zone + " ("
                    + count(e.aux(), "page") + ") into the buddy lists.";
            case DRAIN_ALL_PAGES -> "Every CPU's per-CPU lists go back to the buddy lists: " + count(e.result(), "page") + ".";
            case RESERVE_HIGHATOMIC_PAGEBLOCK -> "Reserves the pageblock of " + CursorParams.hex(e.pfn())
                    + " for high-order atomic requests; nr_reserved_highatomic" + zone + " is " + e.result()
                    + " (limit " + e.aux() + ").";
            case UNRESERVE_HIGHATOMIC_PAGEBLOCK -> e.result() == 1
                    ? "A reserved HighAtomic pageblock goes back to " + mtName(e.mt()) + " requests."
                    : "No reserved HighAtomic pageblock to give back" + (e.aux() == 1 ? "." : " (each zone keeps one).");
            case ZONE_FLAG -> zoneFlagName(e.aux()) + (e.result() == 1 ? " set on" : " cleared on") + " zone "
                    + zoneName(e.zone()) + ".";
            case KSWAPD -> "kswapd runs for order " + e.aux() + " up to zone " + zoneName(e.zone()) + ": "
                    + e.result() + " balancing pass" + (e.result() == 1 ? "" : "es") + ", then it sleeps.";
            case BALANCE_PGDAT -> "kswapd balances the node for order " + e.aux() + " up to zone "
                    + zoneName(e.zone()) + "; at the end the watermark boost it found is taken off.";
            case SHRINK_NODE -> "Reclaim at priority " + e.aux() + ": no page is on an LRU list in this model yet,"
                    + " so nothing is reclaimed.";
            case KSWAPD_FAILED -> "balance_pgdat reclaimed nothing: kswapd_failures = " + e.aux()
                    + (e.aux() >= 16 ? "; the node is now hopeless (node_unreclaimable), kswapd stops waking." : ".");
            case UNBOOST_WATERMARK -> "watermark_boost of zone " + zoneName(e.zone()) + " drops to "
                    + count(e.aux(), "page") + ".";
            case WAKEUP_KCOMPACTD -> "kcompactd is woken for order " + e.aux()
                    + " (compaction is not modelled: recorded only).";
            case KSWAPD_SLEEP -> e.result() == 1 ? "The node is balanced (or hopeless): kswapd sleeps until woken."
                    : "The node is still unbalanced: kswapd balances it again.";
            case TRY_TO_FREE_PAGES -> "Direct reclaim: no page is on an LRU list in this model yet, so nothing is"
                    + " reclaimed.";
            case SHOULD_RECLAIM_RETRY -> e.result() == 1
                    ? "Retry: reclaim might still help (or a high-atomic reserve was given back)."
                    : "Stop reclaiming after " + count(e.aux(), "round") + " without progress.";
            case ALLOC_PAGES_MAY_OOM -> e.result() >= 0 ? "Got pfn " + CursorParams.hex(e.result())
                    + " at the high watermark." : "No page at the high watermark; the OOM killer's turn.";
            case OUT_OF_MEMORY -> e.result() == 1
                    ? "No __GFP_FS: the OOM killer does not act for this request and reports progress, so the"
                            + " kernel would retry."
                    : "Out of memory and no killable process (the model has no processes yet): a real kernel"
                            + " panics here.";
        };
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
        return switch (scenario.steps().get(stepIndex)) {
            case Step.Alloc a -> "alloc " + a.label() + ": " + a.count() + " \u00d7 order " + a.order() + ", "
                    + a.gfpText();
            case Step.Free f -> "free " + f.label() + (f.count() == null ? " (all)" : ": " + f.count());
            case Step.Random r -> "random " + r.label() + ": " + r.ops() + " ops";
            case Step.Idle i -> "idle " + i.seconds() + " s";
            case Step.DrainAllPages d -> "drain_all_pages";
        };
    }

    /** "1 page", "3 pages". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
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
