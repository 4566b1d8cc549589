package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;
import static dev.folioscope.web.debugger.ViewHtml.go;
import static dev.folioscope.web.debugger.ViewHtml.hex;
import static dev.folioscope.web.debugger.ViewHtml.kb;
import static dev.folioscope.web.debugger.ViewHtml.th;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.proc.Maps;
import dev.folioscope.kernel.proc.Smaps;
import dev.folioscope.kernel.task.Task;
import java.util.List;
import java.util.Locale;

/**
 * The process view: every task (pid, comm, parent, alive), and for the one shown
 * ({@link ViewContext#task()}) its mm's counters, an address-space bar and its VMAs as
 * /proc/PID/maps prints them with RSS and Anonymous from smaps. VMAs that differ from the step
 * before are highlighted; a VMA focuses it, a pid focuses that process.
 */
final class ProcessPanel extends ViewPanel {
    ProcessPanel(Cursor cursor) {
        super("Processes", "fs-process", cursor, ProcessPanel::render);
    }

    static String render(ViewContext ctx) {
        Kernel k = ctx.kernel();
        Task shown = ctx.task();
        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"fs-vt fs-tasks\"><tr>").append(th("pid", "task_struct->pid"))
                .append(th("comm", "task_struct->comm: the command name")).append(th("parent", "the pid of the"
                        + " process that forked it (real_parent)"))
                .append(th("state", "alive: it has an mm; exited: exit_mm dropped its address space"))
                .append(th("VMAs", "mm->map_count")).append(th("RSS", "get_mm_rss: resident pages (anon + file + shmem)"))
                .append("</tr>");
        List<Task> all = k.tasks().all();
        if (all.isEmpty()) {
            sb.append("<tr><td colspan=\"6\" class=\"fs-muted\">no processes at this step</td></tr>");
        }
        for (Task t : all) {
            boolean isShown = shown != null && t.pid() == shown.pid();
            Task was = ctx.before() == null ? null : ctx.before().tasks().get(t.pid());
            boolean changed = ctx.before() != null && (was == null || was.alive() != t.alive());
            sb.append("<tr class=\"").append(isShown ? "fs-sel" : "").append(changed ? " fs-changed" : "")
                    .append("\" data-pid=\"").append(t.pid()).append("\">")
                    .append("<td>").append(go(Integer.toString(t.pid()), "pid=" + t.pid() + ";view=process",
                            "show process " + t.pid())).append("</td>")
                    .append("<td>").append(esc(t.comm())).append("</td><td>")
                    .append(t.parent() > 0 && k.tasks().get(t.parent()) != null ? go(Integer.toString(t.parent()),
                            "pid=" + t.parent() + ";view=process", "show the parent") : esc(Integer.toString(t.parent())))
                    .append("</td><td>").append(t.alive() ? "alive" : "exited").append("</td><td>")
                    .append(t.alive() ? t.mm().mapCount() : "").append("</td><td>")
                    .append(t.alive() ? kb(t.mm().rss() << 12) : "").append("</td></tr>");
        }
        sb.append("</table>");
        if (shown == null || !shown.alive()) {
            sb.append("<p class=\"fs-muted\">").append(shown == null ? "no live process" : "process " + shown.pid()
                    + " has exited: no address space").append("</p>");
            return sb.toString();
        }
        Mm mm = shown.mm();
        Task wasTask = ctx.before() == null ? null : ctx.before().tasks().get(shown.pid());
        Mm was = wasTask == null ? null : wasTask.mm();
        Vma focused = ctx.vma(mm);
        long va = ctx.va(shown);
        sb.append("<div class=\"fs-mm-head\">pid ").append(shown.pid()).append(" (").append(esc(shown.comm()))
                .append(") ").append(ViewHtml.tip("total_vm " + kb(mm.totalVm() << 12), "mm->total_vm: pages mapped"
                        + " (VmSize)"))
                .append(" \u00b7 ").append(ViewHtml.tip("RSS " + kb(mm.rss() << 12), "VmRSS: resident pages"))
                .append(" (").append(ViewHtml.tip("anon " + kb(mm.rssStat(Mm.MM_ANONPAGES) << 12),
                        "RssAnon: MM_ANONPAGES"))
                .append(", ").append(ViewHtml.tip("file " + kb(mm.rssStat(Mm.MM_FILEPAGES) << 12), "RssFile:"
                        + " MM_FILEPAGES"))
                .append(") \u00b7 ").append(ViewHtml.tip("VmPTE " + kb(mm.pgtablesBytes()), "mm->pgtables_bytes:"
                        + " the page-table pages of this mm"))
                .append(" \u00b7 pgd ").append(ViewHtml.pfn(mm.pgd())).append("</div>");
        sb.append(bar(shown.pid(), mm, focused));
        sb.append("<table class=\"fs-vt fs-maps\"><tr>")
                .append(th("Rss", "smaps Rss: pages of this VMA mapped by present PTEs"))
                .append(th("Anon", "smaps Anonymous: of those, anonymous pages"))
                .append(th("vma", "the model's id of the VMA (the kernel has only a pointer)"))
                .append(th("/proc/" + shown.pid() + "/maps", "show_map_vma: start-end (vm_start-vm_end, end"
                        + " exclusive), perms (r/w/x from vm_flags, then p: private, copy-on-write, or s: shared),"
                        + " offset (vm_pgoff << 12 for a file, 0 for anonymous memory), dev major:minor and inode of"
                        + " the file (00:00 0 for anonymous memory), name ([heap], [stack], [anon:NAME] or the file)"))
                .append("</tr>");
        for (Vma v : mm.vmas()) {
            Smaps.Stats s = stats(ctx.kernel(), mm, v);
            boolean changed = ctx.before() != null && (was == null || !v.equals(was.vmaById(v.id()))
                    || stats(ctx.before(), was, was.vmaById(v.id())).resident() != s.resident());
            boolean sel = focused != null ? focused.id() == v.id() : v.contains(va);
            String link = "pid=" + shown.pid() + ";vma=" + v.id();
            sb.append("<tr class=\"fs-vma").append(sel ? " fs-sel" : "").append(changed ? " fs-changed" : "")
                    .append("\" data-vma=\"").append(v.id()).append("\" title=\"").append(esc(VmFlags.smapsLine(v.flags())))
                    .append("\"><td class=\"fs-num\">").append(kb(s.resident())).append("</td><td class=\"fs-num\">")
                    .append(kb(s.anonymous())).append("</td><td>").append(go("#" + v.id(), link + ";va=" + hex(v.start())
                            + ";view=pagetable", "walk the page tables at this VMA's first page"))
                    .append("</td><td class=\"fs-mapsline\">").append(mapsLine(Maps.line(ctx.kernel(), mm, v), link))
                    .append("</td></tr>");
        }
        sb.append("</table>");
        return sb.toString();
    }

    /** Smaps of a VMA; all zero while the mm has no page tables. */
    private static Smaps.Stats stats(Kernel k, Mm mm, Vma v) {
        return ViewContext.hasTables(k, mm) ? Smaps.of(k, mm, v) : Smaps.Stats.NONE;
    }

    /** A maps line with its start-end as a link. */
    private static String mapsLine(String line, String link) {
        int sp = line.indexOf(' ');
        return go(line.substring(0, sp), link, "focus this VMA") + esc(line.substring(sp));
    }

    /**
     * The address space as a strip: each VMA a box whose width grows with the log of its size,
     * the gaps between VMAs thin separators (their size in the tooltip).
     */
    static String bar(int pid, Mm mm, Vma focused) {
        StringBuilder sb = new StringBuilder("<div class=\"fs-asbar\" title=\"the address space, low to high:"
                + " widths grow with the log of the size\">");
        long prevEnd = -1;
        for (Vma v : mm.vmas()) {
            if (prevEnd >= 0 && v.start() > prevEnd) {
                sb.append("<span class=\"fs-asgap\" title=\"unmapped: ").append(kb(v.start() - prevEnd))
                        .append("\"></span>");
            }
            double w = 1 + Math.log(v.pages()) / Math.log(2);
            boolean none = (v.flags() & VmFlags.VM_ACCESS_FLAGS) == 0;
            sb.append("<button type=\"button\" class=\"fs-asvma").append(none ? " fs-asnone" : "")
                    .append(focused != null && focused.id() == v.id() ? " fs-sel" : "")
                    .append("\" style=\"flex-grow:").append(String.format(Locale.ROOT, "%.2f", w))
                    .append("\" data-go=\"pid=").append(pid).append(";vma=").append(v.id()).append("\" title=\"")
                    .append(esc(v.describe() + " (" + kb(v.end() - v.start()) + ")")).append("\">")
                    .append(esc(VmFlags.perms(v.flags()))).append("</button>");
            prevEnd = v.end();
        }
        return sb.append("</div>").toString();
    }
}
