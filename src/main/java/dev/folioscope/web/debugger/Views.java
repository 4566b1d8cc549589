package dev.folioscope.web.debugger;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The two columns right of the event panels, which show the view in front ({@link FocusKey#VIEW};
 * the allocator when none): the allocator's zones, free lists and /proc as before, or one of the
 * memory views in the middle column with two others that follow the same cursor stacked on the
 * right. The tab strip (in the toolbar) switches the view; the panels are made once and moved.
 */
final class Views {
    private final Cursor cursor;
    private final Div main;
    private final Div mid = new Div();
    private final Div right = new Div();
    private final Div tabs = new Div();
    private final Map<ViewKind, Button> tabButtons = new EnumMap<>(ViewKind.class);
    private final ZonesPanel zones;
    private final BuddyPanel buddy;
    private final ProcPanel proc;
    private final Map<ViewKind, Panel> panels = new EnumMap<>(ViewKind.class);
    private ViewKind shown;

    /**
     * @param main the debugger's grid, which {@link #mid()} and {@link #right()} go into; marked
     *     while a memory view is in front (its columns are then laid out for it)
     */
    Views(Cursor cursor, Div main) {
        this.cursor = cursor;
        this.main = main;
        zones = new ZonesPanel(cursor);
        buddy = new BuddyPanel(cursor);
        proc = new ProcPanel(cursor);
        panels.put(ViewKind.PROCESS, new ProcessPanel(cursor));
        panels.put(ViewKind.PAGETABLE, new PageTablePanel(cursor));
        panels.put(ViewKind.FOLIO, new FolioPanel(cursor));
        panels.put(ViewKind.LRU, new LruPanel(cursor));
        panels.put(ViewKind.RECLAIM, new ReclaimPanel(cursor));
        panels.put(ViewKind.PHYSMAP, new PhysMapPanel(cursor));
        panels.put(ViewKind.SWAP, new SwapPanel(cursor));
        mid.addClassNames("fs-col", "fs-col-mid");
        right.addClassNames("fs-col", "fs-col-right");
        tabs.setId("fs-view-tabs");
        tabs.addClassName("fs-view-tabs");
        tabs.getElement().setAttribute("role", "tablist");
        for (ViewKind v : ViewKind.values()) {
            Button b = new Button(v.label(), e -> cursor.focus(cursor.focus().with(FocusKey.VIEW, v)));
            b.setId("fs-tab-" + v.urlName());
            b.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
            b.getElement().setAttribute("role", "tab");
            b.setTooltipText("Show the " + v.label().toLowerCase(java.util.Locale.ROOT) + " view (view="
                    + v.urlName() + ")");
            tabButtons.put(v, b);
            tabs.add(b);
        }
    }

    /** The middle column: the allocator's zones and free lists, or the view in front. */
    Div mid() {
        return mid;
    }

    /** The right column: /proc, or two views beside the one in front. */
    Div right() {
        return right;
    }

    /** The tab strip, one button a view. */
    Div tabs() {
        return tabs;
    }

    /** The views on the right of the primary one, top to bottom. */
    static List<ViewKind> beside(ViewKind v) {
        return switch (v) {
            case ALLOCATOR -> List.of();
            case PROCESS -> List.of(ViewKind.PAGETABLE, ViewKind.FOLIO);
            case PAGETABLE -> List.of(ViewKind.FOLIO, ViewKind.PROCESS);
            case FOLIO -> List.of(ViewKind.PAGETABLE, ViewKind.LRU);
            case LRU -> List.of(ViewKind.FOLIO, ViewKind.PAGETABLE);
            case RECLAIM -> List.of(ViewKind.LRU, ViewKind.FOLIO);
            case PHYSMAP -> List.of(ViewKind.FOLIO, ViewKind.LRU);
            case SWAP -> List.of(ViewKind.PAGETABLE, ViewKind.FOLIO);
        };
    }

    /** Puts the panels of the view in front in place, if it changed. */
    void layout() {
        ViewKind v = cursor.focus().get(FocusKey.VIEW);
        v = v == null ? ViewKind.ALLOCATOR : v;
        if (v == shown) {
            return;
        }
        shown = v;
        mid.removeAll();
        right.removeAll();
        if (v == ViewKind.ALLOCATOR) {
            mid.add(zones, buddy);
            right.add(proc);
        } else {
            mid.add(panels.get(v));
            for (ViewKind b : beside(v)) {
                right.add(panels.get(b));
            }
        }
        main.getClassNames().set("fs-main-memory", v != ViewKind.ALLOCATOR);
        for (Map.Entry<ViewKind, Button> e : tabButtons.entrySet()) {
            boolean on = e.getKey() == v;
            e.getValue().getElement().getClassList().set("fs-selected", on);
            e.getValue().getElement().setAttribute("aria-selected", Boolean.toString(on));
        }
    }
}
