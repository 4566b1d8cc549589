package dev.folioscope.web.debugger;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;

/**
 * "Model notes": what the simulated kernel leaves out, so that nobody mistakes a simplification
 * for kernel behaviour. Mirrors the list in {@link dev.folioscope.kernel.pagealloc.PageAlloc}.
 */
final class ModelNotes {
    static final String[] NOTES = {
        "No per-cpu pagesets yet: every allocation and free goes straight to the buddy lists (rmqueue_buddy).",
        "No reclaim, compaction, OOM killer or kswapd: the slow path gives up after the reserve attempt; "
                + "kswapd wakeups are recorded as events only.",
        "No high-atomic reserve pageblocks and no CMA.",
        "One NUMA node (node 0).",
        "NR_FREE_PAGES moves with every free-list change, so it always equals the sum over free_area.",
    };

    private ModelNotes() {
    }

    /** The toolbar button that opens the notes. */
    static Button button() {
        Button b = new Button("Model notes", VaadinIcon.INFO_CIRCLE_O.create());
        b.setId("fs-model-notes");
        b.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        b.setTooltipText("What the simulated kernel does not model (yet)");
        Popover popover = new Popover();
        popover.setTarget(b);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.addClassName("fs-notes");
        UnorderedList list = new UnorderedList();
        for (String n : NOTES) {
            list.add(new ListItem(n));
        }
        Div content = new Div(new Span("Model notes: Linux 6.18 page allocator, simplified"), list,
                new Paragraph("Everything else (watermarks, lowmem_reserve, zonelist fallback, migratetype "
                        + "fallback and stealing, buddy split and merge, /proc formats) follows mm/page_alloc.c."));
        content.addClassName("fs-notes-content");
        popover.add(content);
        return b;
    }
}
