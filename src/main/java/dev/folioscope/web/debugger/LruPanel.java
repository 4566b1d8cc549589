package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;
import static dev.folioscope.web.debugger.ViewHtml.hex;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.swap.LruBatches;
import java.util.BitSet;

/**
 * The LRU view: each list of the node's lruvec as a strip from head (most recently added) to
 * tail (reclaim takes from there), with its size, then each CPU's pending lru_add, lru_lazyfree
 * and lru_activate batches. The folio shown by the folio view is highlighted where it sits, the
 * folios the focused VMA maps are lit; a folio focuses it.
 */
final class LruPanel extends ViewPanel {
    /** At most this many folios of a list are drawn. */
    static final int CAP = 256;

    private static final String[] TIPS = {
        "inactive_anon: anonymous folios not used lately; reclaim swaps them out from the tail",
        "active_anon: anonymous folios in use; aged to inactive when inactive_anon runs low",
        "inactive_file: page-cache folios not used lately; reclaimed first",
        "active_file: page-cache folios used more than once",
        "unevictable: mlocked or otherwise unreclaimable folios"};

    LruPanel(Cursor cursor) {
        super("LRU lists", "fs-lru", cursor, LruPanel::render);
    }

    static String render(ViewContext ctx) {
        Kernel k = ctx.kernel();
        int focused = ctx.pfn();
        Lruvec lruvec = k.node().lruvec();
        Lruvec was = ctx.before() == null ? null : ctx.before().node().lruvec();
        BitSet lit = ctx.vmaFrames();
        StringBuilder sb = new StringBuilder();
        for (LruList l : LruList.values()) {
            int size = lruvec.size(l);
            boolean changed = was != null && (was.size(l) != size || was.first(l) != lruvec.first(l));
            sb.append("<div class=\"fs-lru-list").append(changed ? " fs-changed" : "").append("\" data-lru=\"")
                    .append(l.kernelName()).append("\"><div class=\"fs-lru-name\" title=\"").append(esc(TIPS[l
                            .ordinal()])).append("\">").append(l.kernelName()).append(" <span class=\"fs-muted\">")
                    .append(size).append("</span></div><div class=\"fs-strip\"><span class=\"fs-muted\" title=\"the"
                            + " head: folios are added here\">head</span>");
            int n = 0;
            for (int p = lruvec.first(l); p >= 0 && n < Math.min(size, CAP); p = k.mem().next(p), n++) {
                sb.append(cell(k, p, focused, lit));
            }
            if (size > CAP) {
                sb.append("<span class=\"fs-muted\">\u2026 ").append(size - CAP).append(" more</span>");
            }
            sb.append("<span class=\"fs-muted\" title=\"the tail: reclaim scans from here\">tail</span></div></div>");
        }
        sb.append("<div class=\"fs-sub\" title=\"struct cpu_fbatches: folio_add_lru puts a new folio in the CPU's"
                + " lru_add batch, MADV_FREE in its lru_lazyfree batch, a second use of an inactive folio in its"
                + " lru_activate batch (folio_batches of up to 31); a batch moves when full or drained\">per-CPU"
                + " batches</div>");
        for (LruBatches.Batch b : LruBatches.Batch.values()) {
            for (int cpu = 0; cpu < k.config().cpus(); cpu++) {
                int[] batch = k.lruBatches().batch(b, cpu);
                sb.append("<div class=\"fs-lru-list\" data-cpu=\"").append(cpu).append("\" data-batch=\"")
                        .append(FolioPanel.batchName(b)).append("\"><div class=\"fs-lru-name\">CPU ").append(cpu)
                        .append(' ').append(FolioPanel.batchName(b)).append(" <span class=\"fs-muted\">")
                        .append(batch.length).append("</span></div><div class=\"fs-strip\">");
                for (int p : batch) {
                    sb.append(cell(k, p, focused, lit));
                }
                sb.append("</div></div>");
            }
        }
        return sb.toString();
    }

    private static String cell(Kernel k, int pfn, int focused, BitSet lit) {
        boolean ref = k.mem().test(pfn, PageFlag.PG_referenced);
        return "<button type=\"button\" class=\"fs-go fs-cell" + (pfn == focused ? " fs-sel" : "")
                + (lit.get(pfn) ? " fs-lit" : "") + (k.mem().isAnon(pfn) ? " fs-anon" : "") + "\" data-go=\"pfn="
                + hex(pfn) + "\"" + " title=\"folio " + hex(pfn) + (ref ? ", PG_referenced" : "")
                + (lit.get(pfn) ? ", mapped by the focused VMA" : "") + ": inspect it\">"
                + Long.toHexString(pfn) + "</button>";
    }
}
