package dev.folioscope.web.debugger;

import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.EventTypes;
import dev.folioscope.kernel.trace.FolioReclaim;
import dev.folioscope.recording.EventLog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The moves of folios between the LRU lists in a window of steps, counted from the events (no
 * replay): where each folio came from, what happened to it, where it went. The rules are
 * declared once, in {@link #RULES}, by the kernel function whose event reports the move, so a
 * new event that moves folios (a workingset refault, a swap-out) is one line there.
 */
final class LruMoves {
    /** The widest window counted: a step counts at most this many events. */
    static final int MAX_WINDOW = 100_000;
    /** The window when the link names none. */
    static final int DEFAULT_WINDOW = 1000;
    /** Where a folio comes from when it is new to the LRU (the per-CPU lru_add batch). */
    static final String NEW = "new (lru_add)";
    /** Where a folio comes from when an invalidation could not drop it (fadvise DONTNEED): either file list. */
    static final String INVALIDATED = "invalidated";
    /** Where an evicted folio goes. */
    static final String EVICTED = "evicted";

    /** What happened to a folio. */
    enum Move {
        ADD("add", "#bc8cff", "folio_batch_move_lru: a new folio reaches the head of its list from the per-CPU"
                + " lru_add batch"),
        ACTIVATE("activate", "#3fb950", "activation: a folio used twice (folio_mark_accessed), or found"
                + " referenced by shrink_folio_list, moves to the active list"),
        DEACTIVATE("deactivate", "#58a6ff", "deactivation: shrink_active_list ages a folio to the inactive list"
                + " when inactive_is_low (the inactive list is too small for the active one), or MADV_COLD"),
        ROTATE("rotate", "#8b949e", "rotation: scanned and put back on the list it came from (referenced once,"
                + " busy, or an executable file mapping kept active)"),
        EVICT("evict", "#f85149", "eviction: shrink_folio_list reclaimed the folio (out of the page cache, or"
                + " swapped out) and freed it"),
        REFAULT("refault", "#f0b429", "refault: an evicted folio read back soon enough (its shadow entry's"
                + " refault distance within the workingset) to be activated at once (workingset_refault)");

        final String label;
        final String color;
        final String tip;

        Move(String label, String color, String tip) {
            this.label = label;
            this.color = color;
            this.tip = tip;
        }
    }

    /** One folio's move: from a list (or {@link #NEW}), how, to a list (or {@link #EVICTED}). */
    record Flow(String from, Move move, String to) {
    }

    /** How an event of a function moves a folio: the flow, or null if this one moves none. */
    @FunctionalInterface
    interface Rule {
        Flow of(EventLog log, int step);
    }

    /** By kernel function (the schema's name), how its events move folios. */
    static final Map<String, Rule> RULES = Map.of(
            "lru_add", (log, s) -> new Flow(NEW, Move.ADD, list(log, s, "lru")),
            "lru_activate", (log, s) -> new Flow(list(log, s, "lru", -1), Move.ACTIVATE, list(log, s, "lru")),
            "lru_deactivate", (log, s) -> new Flow(list(log, s, "lru", +1), Move.DEACTIVATE, list(log, s, "lru")),
            "lru_deactivate_file", (log, s) -> new Flow(INVALIDATED, Move.DEACTIVATE, list(log, s, "lru")),
            "shrink_active_list: folio", LruMoves::agedActive,
            "shrink_folio_list: folio", LruMoves::triedInactive,
            "workingset_refault", (log, s) -> field(log, s, "activated") == 0 ? null : new Flow(EVICTED,
                    Move.REFAULT, (field(log, s, "file") != 0 ? LruList.ACTIVE_FILE : LruList.ACTIVE_ANON).kernelName()));

    /** The counts of a window. */
    record Counts(Map<Flow, Integer> flows, Map<Move, Integer> byMove, Map<Move, Integer> lastStep) {
    }

    private LruMoves() {
    }

    /** Counts the moves of the events in steps {@code from + 1 .. to}. */
    static Counts count(EventLog log, int from, int to) {
        Rule[] byType = new Rule[EventTypes.all().size()];
        for (EventType t : EventTypes.all()) {
            byType[t.id()] = RULES.get(t.schema().function());
        }
        Map<Flow, Integer> flows = new LinkedHashMap<>();
        Map<Move, Integer> byMove = new LinkedHashMap<>();
        Map<Move, Integer> last = new LinkedHashMap<>();
        for (int s = Math.max(1, from + 1); s <= to; s++) {
            Rule r = byType[log.typeId(s)];
            Flow f = r == null ? null : r.of(log, s);
            if (f != null) {
                flows.merge(f, 1, Integer::sum);
                byMove.merge(f.move(), 1, Integer::sum);
                last.put(f.move(), s);
            }
        }
        return new Counts(flows, byMove, last);
    }

    /** shrink_active_list: a folio deactivated, or kept active (rotated), from the list being aged. */
    private static Flow agedActive(EventLog log, int s) {
        String active = ancestorList(log, s, "shrink_active_list", 0);
        boolean stays = field(log, s, "stays_active") != 0;
        return stays ? new Flow(active, Move.ROTATE, active)
                : new Flow(active, Move.DEACTIVATE, ancestorList(log, s, "shrink_active_list", -1));
    }

    /**
     * shrink_folio_list: a folio isolated from an inactive list, evicted, activated or put back;
     * outside shrink_inactive_list (MADV_PAGEOUT's reclaim_pages takes folios from any list) its
     * list is not known: it comes from the caller (e.g. "reclaim_pages"), and an activation goes to "active".
     */
    private static Flow triedInactive(EventLog log, int s) {
        String inactive = ancestorList(log, s, "shrink_inactive_list", 0);
        if (inactive == null) {
            int caller = log.parent(log.parent(s));
            inactive = caller > 0 ? log.type(caller).schema().function() : "?";
        }
        FolioReclaim outcome = FolioReclaim.values()[(int) field(log, s, "outcome")];
        return switch (moveOf(outcome)) {
            case EVICT -> new Flow(inactive, Move.EVICT, EVICTED);
            case ACTIVATE -> new Flow(inactive, Move.ACTIVATE, outcome == FolioReclaim.ACTIVATE_UNEVICTABLE
                    ? LruList.UNEVICTABLE.kernelName() : activeOf(log, s));
            default -> new Flow(inactive, Move.ROTATE, inactive);
        };
    }

    /**
     * The move a shrink_folio_list outcome makes, by the outcome's name as the kernel's
     * folio_references and shrink_folio_list labels read: ACTIVATE_* back to an active list,
     * KEEP_* back to the inactive one, any other (reclaimed, discarded) out of memory.
     */
    static Move moveOf(FolioReclaim outcome) {
        String name = outcome.name();
        return name.startsWith("ACTIVATE") ? Move.ACTIVATE : name.startsWith("KEEP") ? Move.ROTATE : Move.EVICT;
    }

    private static long field(EventLog log, int s, String name) {
        return log.args(s)[log.type(s).schema().indexOf(name)];
    }

    private static String list(EventLog log, int s, String name) {
        return list(log, s, name, 0);
    }

    /** The list a field names, or the one {@code offset} away (an inactive list's active one is +1). */
    private static String list(EventLog log, int s, String name, int offset) {
        return LruList.of((int) field(log, s, name) + offset).kernelName();
    }

    private static String activeOf(EventLog log, int s) {
        String active = ancestorList(log, s, "shrink_inactive_list", +1);
        return active == null ? "active" : active;
    }

    /**
     * The list of the nearest enclosing call of {@code function} ({@code offset} as in {@link #list}),
     * or null if none encloses the step.
     */
    private static String ancestorList(EventLog log, int s, String function, int offset) {
        for (int p = log.parent(s); p > 0; p = log.parent(p)) {
            if (log.type(p).schema().function().equals(function)) {
                return list(log, p, "lru", offset);
            }
        }
        return null;
    }
}
