package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;
import static dev.folioscope.web.debugger.ViewHtml.go;
import static dev.folioscope.web.debugger.ViewHtml.hex;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.debug.RmapWalk;
import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.page.PageType;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.swap.LruBatches;
import dev.folioscope.kernel.trace.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The folio inspector: the struct page of the pfn shown ({@link ViewContext#pfn()}): its flags
 * as named bits (changes at this step highlighted), refcount, mapcount, mapping, index, the LRU
 * list it is on, its page type, every PTE that maps it found through the rmap, and the steps whose
 * events named it.
 */
final class FolioPanel extends ViewPanel {
    /** At most this many steps of a page's history are drawn, those nearest the cursor. */
    static final int HISTORY_CAP = 120;

    FolioPanel(Cursor cursor) {
        super("Folio", "fs-folio", cursor, FolioPanel::render);
    }

    /** A PTE that maps a folio: its process, address and VMA. */

    static String render(ViewContext ctx) {
        int pfn = ctx.pfn();
        Kernel k = ctx.kernel();
        if (pfn < 0 || pfn >= k.mem().nrPages()) {
            return "<p class=\"fs-muted\">no page focused: click a pfn anywhere, or step to an event that names"
                    + " one</p>";
        }
        MemMap mem = k.mem();
        MemMap was = ctx.before() == null ? null : ctx.before().mem();
        boolean anon = mem.isAnon(pfn);
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"fs-mm-head\">pfn <b id=\"fs-folio-pfn\">").append(hex(pfn)).append("</b> \u00b7 ")
                .append(esc(kind(k, pfn))).append("</div>");
        sb.append("<table class=\"fs-vt fs-kv\">");
        row(sb, "flags", "page->flags: the PG_* bits (include/linux/page-flags.h); highlighted: changed at this"
                + " step, struck: cleared at this step", flags(mem.flags(pfn), was == null ? mem.flags(pfn)
                        : was.flags(pfn), anon));
        row(sb, "refcount", "page->_refcount: references held (one per mapping PTE, plus the LRU batch, the"
                + " swap cache, GUP pins...); 0 means free", counter("fs-refcount", mem.refcount(pfn),
                        was == null ? null : was.refcount(pfn)));
        row(sb, "mapcount", "folio_mapcount: the PTEs that map it (_mapcount + 1); 2 after fork until a"
                + " copy-on-write or an exit drops one", counter("fs-mapcount", mem.mapcount(pfn),
                        was == null ? null : was.mapcount(pfn)));
        row(sb, "mapping", "page->mapping: for anonymous memory the anon_vma (with PAGE_MAPPING_ANON set), for"
                + " the page cache the file's address_space", esc(mapping(k, pfn)));
        row(sb, "index", "page->index: for anonymous memory the virtual page number it was first mapped at"
                + " (linear_page_index), for a file the page offset", hex(mem.index(pfn)));
        row(sb, "LRU", "which list of the lruvec holds it for reclaim, and the per-CPU batch it waits in:"
                + " lru_add (folio_add_lru), lru_lazyfree (MADV_FREE) or lru_activate (folio_mark_accessed)",
                lru(k, pfn));
        row(sb, "type", "page_type: a page table, a free buddy block, or none; the zero page and reserved"
                + " pages are never allocated", esc(kind(k, pfn)));
        sb.append("</table>");
        List<RmapWalk.Mapping> maps = RmapWalk.of(k, pfn);
        sb.append("<div class=\"fs-sub\" title=\"rmap: the anon_vma's VMAs, or the VMAs mapping the file, and in"
                + " each the PTE at the folio's index, kept when it maps this pfn\">mapped by ").append(maps.size()).append(" PTE")
                .append(maps.size() == 1 ? "" : "s").append("</div><table class=\"fs-vt fs-rmap\">");
        for (RmapWalk.Mapping m : maps) {
            sb.append("<tr><td>pid ").append(go(Integer.toString(m.pid()), "pid=" + m.pid() + ";view=process",
                    "show the process")).append("</td><td>").append(go(hex(m.address()), "pid=" + m.pid() + ";va="
                            + hex(m.address()) + ";view=pagetable", "walk the page tables to this PTE"))
                    .append("</td><td>").append(go("vma " + m.vma().id() + " " + m.vma().describe(), "pid=" + m.pid()
                            + ";vma=" + m.vma().id() + ";view=process", "show the VMA")).append("</td></tr>");
        }
        if (maps.isEmpty()) {
            sb.append("<tr><td class=\"fs-muted\">").append(pfn == k.zeroPfn() ? "the zero page is mapped by"
                    + " special PTEs, which the rmap does not track" : "none").append("</td></tr>");
        }
        sb.append("</table>");
        sb.append(history(ctx, pfn));
        return sb.toString();
    }

    /** What the page is, in words. */
    static String kind(Kernel k, int pfn) {
        MemMap mem = k.mem();
        if (pfn == k.zeroPfn()) {
            return "the shared zero page";
        }
        if (mem.test(pfn, PageFlag.PG_reserved)) {
            return "reserved";
        }
        int word = mem.pageType(pfn);
        if (PageType.TABLE.test(word)) {
            return "page table";
        }
        if (mem.isBuddy(pfn)) {
            return "free (buddy, order " + mem.buddyOrder(pfn) + ")";
        }
        if (PageType.isTyped(word)) {
            for (PageType t : PageType.values()) {
                if (t.test(word)) {
                    return t.traceName();
                }
            }
        }
        if (mem.isAnon(pfn)) {
            return "anonymous folio";
        }
        if (mem.mapping(pfn) != 0) {
            Inode inode = k.pageCache().get(Filemap.inodeOf(mem, pfn));
            return (inode != null && inode.shmem() ? "shmem folio" : "page-cache folio") + ", page " + mem.index(pfn)
                    + " of " + (inode == null ? "a freed file" : fileName(inode));
        }
        return mem.refcount(pfn) == 0 ? "free (on a per-CPU list or in a buddy block)" : "allocated";
    }

    private static void row(StringBuilder sb, String name, String title, String html) {
        sb.append("<tr><th title=\"").append(esc(title)).append("\">").append(esc(name)).append("</th><td>")
                .append(html).append("</td></tr>");
    }

    private static String counter(String id, int now, Integer was) {
        boolean changed = was != null && was != now;
        return "<span id=\"" + id + "\" class=\"" + (changed ? "fs-changed" : "") + "\">" + now + "</span>"
                + (changed ? " <span class=\"fs-was\">was " + was + "</span>" : "");
    }

    /**
     * The set flags, aliases spelled as the folio's kind reads them: PG_owner_2 is
     * PG_anon_exclusive on an anonymous folio and PG_mappedtodisk on a page-cache one, PG_reclaim
     * is PG_readahead on a page-cache folio not under writeback.
     */
    static String flags(int now, int was, boolean anon) {
        StringBuilder sb = new StringBuilder();
        for (PageFlag f : PageFlag.values()) {
            boolean on = (now & f.mask()) != 0;
            boolean before = (was & f.mask()) != 0;
            if (!on && !before) {
                continue;
            }
            String name = f == PageFlag.PG_owner_2 ? anon ? "PG_anon_exclusive" : "PG_mappedtodisk"
                    : f == PageFlag.PG_reclaim && !anon && (now & PageFlag.PG_writeback.mask()) == 0 ? "PG_readahead"
                    : f.name();
            String cls = on == before ? "fs-flag" : on ? "fs-flag fs-changed" : "fs-flag fs-cleared";
            sb.append("<span class=\"").append(cls).append("\">").append(name).append("</span> ");
        }
        return sb.isEmpty() ? "<span class=\"fs-muted\">none</span>" : sb.toString().strip();
    }

    private static String mapping(Kernel k, int pfn) {
        MemMap mem = k.mem();
        int m = mem.mapping(pfn);
        if (m == 0) {
            return "none";
        }
        if (mem.isAnon(pfn)) {
            return "anon_vma " + Rmap.anonVmaOf(m);
        }
        Inode inode = k.pageCache().get(Filemap.inodeOf(mem, pfn));
        return inode == null ? "inode " + Filemap.inodeOf(mem, pfn) : "inode " + inode.ino() + " " + fileName(inode);
    }

    /** The file's name as /proc/PID/maps shows it. */
    private static String fileName(Inode inode) {
        return inode.shmem() ? inode.name() : "/" + inode.name();
    }

    /** The LRU list holding the page, the CPU batch it waits in, or "none". */
    static String lru(Kernel k, int pfn) {
        String batched = "";
        for (LruBatches.Batch b : LruBatches.Batch.values()) {
            for (int cpu = 0; cpu < k.config().cpus(); cpu++) {
                for (int p : k.lruBatches().batch(b, cpu)) {
                    if (p == pfn) {
                        batched = "in CPU " + cpu + "'s " + batchName(b) + " batch";
                    }
                }
            }
        }
        if (!k.mem().test(pfn, PageFlag.PG_lru)) {
            return batched.isEmpty() ? "none" : batched;
        }
        var lruvec = k.node().lruvec();
        for (LruList l : LruList.values()) {
            int pos = 0;
            for (int p = lruvec.first(l); p >= 0 && pos <= lruvec.size(l); p = k.mem().next(p), pos++) {
                if (p == pfn) {
                    return go(l.kernelName(), "view=lru;pfn=" + hex(pfn), "show the LRU lists") + " (" + (pos + 1)
                            + " of " + lruvec.size(l) + " from the head)" + (batched.isEmpty() ? "" : "; " + batched);
                }
            }
        }
        return "PG_lru, on no list found" + (batched.isEmpty() ? "" : "; " + batched);
    }

    /** "lru_add", "lru_lazyfree": the batch's name in struct cpu_fbatches. */
    static String batchName(LruBatches.Batch b) {
        return b.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The steps that named the page as a folio or a pfn, those nearest the cursor, each a link. */
    private static String history(ViewContext ctx, int pfn) {
        if (ctx.objects() == null) {
            return "";
        }
        TreeSet<Integer> steps = new TreeSet<>();
        for (int s : ctx.objects().steps(FieldType.Ref.FOLIO, pfn)) {
            steps.add(s);
        }
        for (int s : ctx.objects().steps(FieldType.Ref.PFN, pfn)) {
            steps.add(s);
        }
        List<Integer> all = new ArrayList<>(steps);
        int at = 0;
        while (at < all.size() && all.get(at) < ctx.step()) {
            at++;
        }
        int from = Math.max(0, Math.min(at - HISTORY_CAP / 2, all.size() - HISTORY_CAP));
        int to = Math.min(all.size(), from + HISTORY_CAP);
        StringBuilder sb = new StringBuilder("<div class=\"fs-sub\" title=\"the steps whose events name this page"
                + " (as a folio or a pfn): click one to go there\">history: ").append(all.size()).append(" step")
                .append(all.size() == 1 ? "" : "s").append(from > 0 || to < all.size() ? " (" + (to - from)
                        + " nearest shown)" : "").append("</div><div class=\"fs-history\" id=\"fs-folio-history\">");
        for (int i = from; i < to; i++) {
            int s = all.get(i);
            String fn = ctx.events().type(s).schema().function();
            sb.append("<button type=\"button\" class=\"fs-go fs-hstep").append(s == ctx.step() ? " fs-sel" : "")
                    .append("\" data-go=\"step=").append(s).append("\" title=\"step ").append(s).append(": ")
                    .append(esc(fn)).append("\">").append(s).append("</button>");
        }
        return sb.append("</div>").toString();
    }
}
