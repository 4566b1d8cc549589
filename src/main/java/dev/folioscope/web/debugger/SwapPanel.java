package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;
import static dev.folioscope.web.debugger.ViewHtml.go;
import static dev.folioscope.web.debugger.ViewHtml.hex;
import static dev.folioscope.web.debugger.ViewHtml.kb;
import static dev.folioscope.web.debugger.ViewHtml.tip;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.pgtable.PageTableLevel;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.swap.SwapInfo;
import dev.folioscope.kernel.task.Task;

/**
 * The swap view: the swap device's totals (as /proc/swaps and meminfo show them), one cell per
 * cluster of {@value SwapInfo#SWAPFILE_CLUSTER} slots coloured by how full it is, the swap cache
 * (slot to folio) and the shadow entries left in it, and, when the focused PTE
 * ({@link ViewContext#task()}, {@link ViewContext#va}) holds a swap entry, that entry decoded
 * and the slot it names.
 */
final class SwapPanel extends ViewPanel {
    private static final String SLOT_TIP = "swap slot: one page of the swap device, named by its offset; slot 0"
            + " holds the header. Its swap_map byte counts the swap entries (PTEs) that refer to it, plus"
            + " SWAP_HAS_CACHE (0x40) while a folio for it is in the swap cache";
    private static final String CLUSTER_TIP = "cluster: " + SwapInfo.SWAPFILE_CLUSTER + " consecutive slots"
            + " allocated together (swap_cluster_info); a cluster is on the free, nonfull, frag or full list";
    private static final String CACHE_TIP = "swap cache: the folios that have a swap slot and are still in"
            + " memory (being written out, or read back in), found by the slot (swap_cache_get_folio); each"
            + " holds SWAP_HAS_CACHE on its slot";
    private static final String ENTRY_TIP = "swap entry: what a PTE holds for a page that is swapped out: not"
            + " present, the swap device's type and the slot's offset (stored inverted, for L1TF), and"
            + " EXCLUSIVE if the page was exclusive to this process (PG_anon_exclusive)";
    private static final String SHADOW_TIP = "shadow entry: what a reclaimed folio left in the swap cache in"
            + " place of itself (its eviction time), so that a refault can tell how soon it came back";

    SwapPanel(Cursor cursor) {
        super("Swap", "fs-swap", cursor, SwapPanel::render);
    }

    static String render(ViewContext ctx) {
        Kernel k = ctx.kernel();
        SwapInfo si = k.swapInfo();
        if (!si.active()) {
            return "<p class=\"fs-muted\" id=\"fs-swap-none\">no swap: this machine has no swap device"
                    + " (anonymous memory cannot be reclaimed)</p>";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"fs-mm-head\" id=\"fs-swap-device\">").append(tip("type " + SwapInfo.TYPE,
                "the swap type: the index of the device in swap_info[], as swap entries name it"))
                .append(" \u00b7 size ").append(kb(si.pages() * 4096)).append(" (").append(si.pages())
                .append(" slots) \u00b7 used ").append(kb(si.inusePages() * 4096)).append(" \u00b7 free ")
                .append(kb(si.nrSwapPages() * 4096)).append(" \u00b7 ")
                .append(tip("SwapCached " + kb(k.node().stat(NodeStat.NR_SWAPCACHE) * 4096), CACHE_TIP))
                .append("</div>");
        int focused = focusedEntry(ctx, sb);
        clusters(si, focused, sb);
        cache(si, focused, sb);
        return sb.toString();
    }

    /** Appends the focused PTE's swap entry and its slot, if it is one; returns the slot, or -1. */
    private static int focusedEntry(ViewContext ctx, StringBuilder sb) {
        Task t = ctx.task();
        long va = ctx.va(t);
        if (va < 0 || !ViewContext.hasTables(ctx.kernel(), t.mm())) {
            return -1;
        }
        PageTables.Walk walk = new PageTables(ctx.kernel().pgtables(), t.mm().la57(), null)
                .walk((int) t.mm().pgd(), va);
        PageTables.Step last = walk.steps().getLast();
        long e = last.entry();
        String at = "pid " + t.pid() + " \u00b7 " + hex(va);
        if (last.level() != PageTableLevel.PTE || !Pte.isSwap(e)) {
            sb.append("<p class=\"fs-muted\" id=\"fs-swap-entry\">the PTE of ").append(esc(at))
                    .append(" holds no swap entry</p>");
            return -1;
        }
        SwapInfo si = ctx.kernel().swapInfo();
        int slot = (int) Pte.swpOffset(e);
        sb.append("<div id=\"fs-swap-entry\" class=\"fs-swap-entry\">")
                .append(tip("swap entry", ENTRY_TIP)).append(" of ")
                .append(go(at, "pid=" + t.pid() + ";va=" + hex(va) + ";view=pagetable", "walk this address"))
                .append(": type ").append(Pte.swpType(e)).append(", offset ").append(hex(slot))
                .append(Pte.swpExclusive(e) ? ", exclusive" : ", not exclusive").append("<br><b id=\"fs-swap-slot\">")
                .append(tip("slot " + slot, SLOT_TIP)).append(": swap count ").append(si.swapCount(slot));
        int folio = si.cachedFolio(slot);
        if (folio >= 0) {
            sb.append(", in the swap cache as folio ").append(folioLink(folio));
        } else {
            sb.append(", not cached");
        }
        sb.append("</b></div>");
        return slot;
    }

    private static void clusters(SwapInfo si, int focused, StringBuilder sb) {
        sb.append("<div class=\"fs-swap-sub\">").append(tip("clusters", CLUSTER_TIP)).append("</div>")
                .append("<div class=\"fs-strip fs-swap-clusters\" id=\"fs-swap-clusters\">");
        for (int c = 0; c < si.nrClusters(); c++) {
            int used = si.clusterCount(c);
            // the share of the cluster in use, as the opacity of the cell's colour
            double share = (double) used / SwapInfo.SWAPFILE_CLUSTER;
            boolean here = focused >= 0 && focused / SwapInfo.SWAPFILE_CLUSTER == c;
            sb.append("<span class=\"fs-cell fs-swap-cluster").append(here ? " fs-sel" : "")
                    .append("\" data-cluster=\"").append(c).append("\" data-list=\"").append(si.clusterList(c))
                    .append("\" style=\"background: rgba(88, 166, 255, ")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", used == 0 ? 0 : 0.15 + 0.85 * share))
                    .append(")\" title=\"").append(esc("cluster " + c + " (slots " + c * SwapInfo.SWAPFILE_CLUSTER
                            + "-" + ((c + 1) * SwapInfo.SWAPFILE_CLUSTER - 1) + "): " + used + " of "
                            + SwapInfo.SWAPFILE_CLUSTER + " slots in use, on the " + si.clusterList(c) + " list"))
                    .append("\">").append(used).append("</span>");
        }
        sb.append("</div>");
    }

    private static void cache(SwapInfo si, int focused, StringBuilder sb) {
        StringBuilder entries = new StringBuilder();
        int cached = 0;
        int shadows = 0;
        for (int slot = 0; slot < si.maxPages(); slot++) {
            int folio = si.cachedFolio(slot);
            if (folio >= 0) {
                cached++;
                entries.append("<span class=\"fs-cell").append(slot == focused ? " fs-sel" : "")
                        .append("\" data-slot=\"").append(slot).append("\" title=\"").append(esc("slot " + slot
                                + ": swap_map " + hex(si.swapMap(slot)) + ", swap count " + si.swapCount(slot)
                                + " + SWAP_HAS_CACHE: the cache holds the slot"))
                        .append("\">").append(slot).append(" \u2192 ").append(folioLink(folio)).append("</span>");
            } else if (si.shadow(slot) != 0) {
                shadows++;
            }
        }
        sb.append("<div class=\"fs-swap-sub\">").append(tip("swap cache", CACHE_TIP)).append(": <span id=\"fs-swap-cached\">")
                .append(cached).append(cached == 1 ? " folio" : " folios").append("</span> \u00b7 ")
                .append(tip(shadows + (shadows == 1 ? " slot" : " slots") + " with a shadow entry", SHADOW_TIP))
                .append("</div><div class=\"fs-strip\" id=\"fs-swap-cache\">").append(entries).append("</div>");
    }

    private static String folioLink(int pfn) {
        return go(hex(pfn), "pfn=" + hex(pfn) + ";view=folio", "folio " + hex(pfn) + ": inspect it");
    }
}
