package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;
import static dev.folioscope.web.debugger.ViewHtml.go;
import static dev.folioscope.web.debugger.ViewHtml.hex;
import static dev.folioscope.web.debugger.ViewHtml.th;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Span;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.pgtable.PageTableLevel;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.task.Task;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.MemoryEvents;
import java.util.List;
import java.util.Locale;

/**
 * The page-table view: for the process and address shown ({@link ViewContext#task()},
 * {@link ViewContext#va}), the walk from the PGD to the PTE, a row per level (the P4D's only with
 * 5-level paging, where it has tables of its own) with the table's pfn, the index, the entry raw
 * and decoded, and the step the entry last changed at. Entries that differ from the step before
 * are highlighted, with their old value. A box walks any address of the process.
 */
final class PageTablePanel extends ViewPanel {
    /** How many events naming an address the "last changed" search reads back at most. */
    private static final int HISTORY_SCAN = 512;

    private final Input address = new Input();
    private final Span message = new Span();

    PageTablePanel(Cursor cursor) {
        super("Page tables", "fs-pagetable", cursor, PageTablePanel::render);
        address.setId("fs-walk-input");
        address.setPlaceholder("0x7f...");
        address.getElement().setAttribute("aria-label", "virtual address to walk");
        address.getElement().setAttribute("title", "a virtual address of the process, in hex");
        address.addClassName("fs-walk-input");
        Button walk = new Button("walk", e -> walk());
        walk.setId("fs-walk-button");
        walk.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
        address.getElement().addEventListener("keydown", e -> walk()).setFilter("event.key === 'Enter'");
        message.setId("fs-walk-message");
        message.addClassName("fs-walk-message");
        Span label = new Span("walk this address");
        label.addClassName("fs-muted");
        Div box = new Div(label, address, walk, message);
        box.addClassName("fs-walk-box");
        body().addComponentAsFirst(box);
    }

    private void walk() {
        Task t = ViewContext.of(cursor).task();
        String raw = address.getValue() == null ? "" : address.getValue().strip();
        Long va = parseAddress(raw);
        if (va == null) {
            message.setText("'" + dev.folioscope.web.base.Echo.value(raw) + "' is not a user address: hex, e.g."
                    + " 0x7f0000001000, below " + hex(FocusKey.USER_VA_END));
        } else if (t == null || !t.alive()) {
            message.setText("no live process to walk");
        } else {
            message.setText("");
            ViewPanel.follow(cursor, "pid=" + t.pid() + ";va=" + hex(va));
        }
    }

    /** A user address in hex (0x optional), or null. */
    static Long parseAddress(String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        if (s.startsWith("0x")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 16 || !s.matches("[0-9a-f]+")) {
            return null;
        }
        long v = Long.parseUnsignedLong(s, 16);
        return v >= 0 && v < FocusKey.USER_VA_END ? v : null;
    }

    static String render(ViewContext ctx) {
        Task t = ctx.task();
        if (t == null || !t.alive()) {
            return "<p class=\"fs-muted\">no live process: no page tables</p>";
        }
        long va = ctx.va(t);
        if (va < 0) {
            return "<p class=\"fs-muted\">pid " + t.pid() + " maps nothing</p>";
        }
        var mm = t.mm();
        if (!ViewContext.hasTables(ctx.kernel(), mm)) {
            return "<p class=\"fs-muted\">pid " + t.pid() + " has no page tables yet (no PGD)</p>";
        }
        PageTables.Walk walk = new PageTables(ctx.kernel().pgtables(), mm.la57(), null).walk((int) mm.pgd(), va);
        Task wasTask = ctx.before() == null ? null : ctx.before().tasks().get(t.pid());
        List<PageTables.Step> was = wasTask == null || !wasTask.alive()
                || !ViewContext.hasTables(ctx.before(), wasTask.mm()) ? null
                : new PageTables(ctx.before().pgtables(), wasTask.mm().la57(), null)
                        .walk((int) wasTask.mm().pgd(), va).steps();
        Vma vma = mm.findVma(va);
        boolean inVma = vma != null && vma.contains(va);
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"fs-mm-head\">pid ").append(go(Integer.toString(t.pid()), "pid=" + t.pid()
                + ";view=process", "show the process")).append(" \u00b7 address <b id=\"fs-walk-va\">")
                .append(hex(va)).append("</b> \u00b7 ");
        if (inVma) {
            sb.append("in ").append(go(vma.describe(), "pid=" + t.pid() + ";vma=" + vma.id() + ";va=" + hex(va)
                    + ";view=process", "the VMA holding this address"));
            sb.append(" \u00b7 ").append(go("\u2190 page", "pid=" + t.pid() + ";va=" + hex(Math.max(vma.start(), va
                    - 4096)), "walk the previous page")).append(' ').append(go("page \u2192", "pid=" + t.pid()
                    + ";va=" + hex(Math.min(vma.end() - 4096, va + 4096)), "walk the next page"));
        } else {
            sb.append("<span class=\"fs-muted\">not in any VMA: a fault here is SIGSEGV</span>");
        }
        sb.append("</div>");
        sb.append("<table class=\"fs-vt fs-walk\"><tr>")
                .append(th("level", levelsTip(mm.la57())))
                .append(th("table", "the pfn of the page-table page read at this level"))
                .append(th("index", "the slot of the table this address selects: 9 bits of the address"))
                .append(th("entry", "the 64-bit entry, raw"))
                .append(th("decoded", "P present, RW writable (absent: write-protected, e.g. for copy-on-write),"
                        + " USR user, A accessed, D dirty, SPECIAL (zero page), NX no-execute; then the pfn it points"
                        + " to. A swapped-out page's PTE is not present and holds a swap entry: the swap device's"
                        + " type and the slot's offset (its data is there, or still in the swap cache)"))
                .append(th("changed", "the last step at or before this one that wrote this entry (set_pte_at) or,"
                        + " above the PTE, that named the table it points to"))
                .append("</tr>");
        List<PageTables.Step> steps = walk.steps();
        for (int i = 0; i < steps.size(); i++) {
            PageTables.Step s = steps.get(i);
            PageTables.Step old = was != null && i < was.size() && was.get(i).level() == s.level() ? was.get(i) : null;
            boolean changed = ctx.before() != null && (old == null ? wasTask == null || !wasTask.alive()
                    : old.entry() != s.entry() || old.table() != s.table());
            boolean leaf = s.level() == PageTableLevel.PTE;
            sb.append("<tr class=\"fs-level-").append(s.level().kernelName()).append(changed ? " fs-changed" : "")
                    .append("\" data-level=\"").append(s.level().kernelName()).append("\" data-entry=\"")
                    .append(hex(s.entry())).append("\"><td>").append(s.level().kernelName()).append("</td><td>")
                    .append(ViewHtml.pfn(s.table())).append("</td><td class=\"fs-num\">").append(s.index())
                    .append("</td><td class=\"fs-raw\">").append(String.format(Locale.ROOT, "%016x", s.entry()))
                    .append("</td><td class=\"fs-decoded\">").append(decoded(s.entry(), leaf, ctx, "pid=" + t.pid() + ";va=" + hex(va) + ";"));
            if (changed && old != null) {
                sb.append("<div class=\"fs-was\">was ").append(esc(Pte.describe(old.entry()))).append("</div>");
            }
            sb.append("</td><td>").append(lastChange(ctx, t.pid(), va, s, leaf)).append("</td></tr>");
        }
        if (walk.pte() == null) {
            PageTables.Step last = steps.getLast();
            sb.append("<tr><td colspan=\"6\" class=\"fs-muted\">the walk stops at the ").append(last.level()
                    .kernelName()).append(": the entry is not present, so no lower table exists for this address yet"
                    + " (the first fault here allocates it)</td></tr>");
        }
        sb.append("</table>");
        return sb.toString();
    }

    /** The levels this process's walk has: the P4D is a row of its own only with 5-level paging. */
    private static String levelsTip(boolean l5) {
        return l5 ? "pgd, p4d, pud, pmd, pte: the table levels of x86-64 5-level paging (LA57), top down"
                : "pgd, pud, pmd, pte: the table levels of x86-64 4-level paging, top down (the p4d is folded into"
                        + " the pgd: it has no table of its own)";
    }

    /**
     * Pte.describe with the pfn as a link (a table's at upper levels, the frame's at the PTE) that
     * keeps this walk's process and address ({@code pin}) in the focus.
     */
    private static String decoded(long entry, boolean leaf, ViewContext ctx, String pin) {
        String d = esc(Pte.describe(entry));
        if (leaf && Pte.isSwap(entry)) {
            long slot = Pte.swpOffset(entry);
            return d + " " + go("\u2192 swap slot " + slot, pin + "view=swap", "show swap slot " + slot
                    + " in the swap view: its count and whether the swap cache holds it");
        }
        if (!Pte.isPresent(entry)) {
            return d;
        }
        long pfn = Pte.pfn(entry);
        int cut = d.lastIndexOf("pfn=");
        String head = cut < 0 ? d : d.substring(0, cut);
        String tail = "";
        if (cut >= 0) {
            int end = d.indexOf(' ', cut);
            tail = end < 0 ? "" : d.substring(end);
        }
        String what = leaf && pfn == ctx.kernel().zeroPfn() ? " <span class=\"fs-muted\">(zero page)</span>" : "";
        return head + "pfn=" + go(hex(pfn), pin + "pfn=" + hex(pfn), "page frame " + hex(pfn) + ": inspect its"
                + " struct page") + tail + what;
    }

    private static String lastChange(ViewContext ctx, int pid, long va, PageTables.Step s, boolean leaf) {
        if (ctx.objects() == null) {
            return "";
        }
        if (leaf) {
            int at = ctx.objects().lastAtOrBefore(pid, va, ctx.step());
            for (int n = 0; at >= 0 && n < HISTORY_SCAN; n++) {
                if (ctx.events().type(at) == MemoryEvents.SET_PTE) {
                    return ViewHtml.step(at, "go to the step that last wrote this PTE");
                }
                at = ctx.objects().lastAtOrBefore(pid, va, at - 1);
            }
            return "<span class=\"fs-muted\">\u2014</span>";
        }
        if (!Pte.isPresent(s.entry())) {
            return "";
        }
        int at = ctx.objects().lastAtOrBefore(FieldType.Ref.PFN, Pte.pfn(s.entry()), ctx.step());
        return at < 0 ? "" : ViewHtml.step(at, "the last step that named the table this entry points to");
    }
}
