package dev.folioscope.web.debugger;

import com.vaadin.flow.component.html.Div;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import java.util.Map;

/**
 * Panel (c): the node's kswapd, then every populated zone at the cursor. Free pages as a bar over
 * the managed pages with the min/low/high/promo watermarks marked, the zone's sizes, boost and
 * protection (lowmem_reserve), the pages cached on per-CPU lists, the high-atomic reserve and the
 * zone flags; numbers that changed at this step are marked. A click on a zone focuses it.
 */
final class ZonesPanel extends Panel {
    private static final String ZONE_OF_TARGET =
            "(event.target.closest('[data-zone]') || {dataset: {zone: '-1'}}).dataset.zone";
    static final String TIP_FREE = "NR_FREE_PAGES: pages on the buddy free lists of this zone";
    static final String TIP_MIN = "min watermark (WMARK_MIN, boost included): below it only "
            + "ALLOC_HIGH/ALLOC_OOM-style reserve allocations succeed; from vm.min_free_kbytes";
    static final String TIP_LOW = "low watermark (WMARK_LOW): the fast path needs free pages above it "
            + "(plus lowmem_reserve); below it kswapd is woken";
    static final String TIP_HIGH = "high watermark (WMARK_HIGH): kswapd reclaims until free pages reach it";
    private static final String TIP_PROMO = "promo watermark (WMARK_PROMO): memory-tiering promotion target";
    static final String TIP_BOOST = "watermark_boost: added to every watermark after a fragmenting "
            + "fallback (boost_watermark), decays with kswapd";
    private static final String TIP_MANAGED = "managed_pages: pages handed to the buddy allocator "
            + "(present minus reserved at boot)";
    private static final String TIP_PRESENT = "present_pages: physical pages in the zone (spanned minus holes)";
    private static final String TIP_SPANNED = "spanned_pages: the zone's pfn range, holes included";
    private static final String TIP_PCP = "pages cached on the per-CPU lists of all CPUs (sum of pcp->count):"
            + " free, but not in NR_FREE_PAGES";
    private static final String TIP_HIGHATOMIC = "nr_reserved_highatomic: pages of pageblocks reserved for high-order"
            + " atomic allocations (at most ~1% of the zone); of them free (nr_free_highatomic), which ordinary"
            + " requests may not count";
    static final String TIP_KSWAPD = "kswapd, the node's reclaim thread: woken when a zone falls below low"
            + " or a fallback boosts the watermarks; after 16 runs that reclaim nothing the node is hopeless"
            + " (node_unreclaimable) and it stays asleep";
    private static final String TIP_PROTECTION = "protection = lowmem_reserve[]: extra free pages this zone keeps "
            + "back from a request whose highest allowed zone is DMA, DMA32, Normal, Movable, Device";

    private static final Map<Integer, String> FLAG_TIPS = Map.of(
            Zone.ZONE_BOOSTED_WATERMARK, "a fallback boosted the watermarks; the next allocation wakes kswapd",
            Zone.ZONE_RECLAIM_ACTIVE, "kswapd is reclaiming from this zone: per-CPU lists keep fewer pages",
            Zone.ZONE_BELOW_HIGH, "free pages were found below the high watermark: allocations skip the high check"
                    + " and per-CPU lists shrink their high; cleared when a pcp free finds the zone above high again");

    private final Cursor cursor;
    private final Div content = new Div();

    ZonesPanel(Cursor cursor) {
        super("Zones", "fs-zones", cursor);
        this.cursor = cursor;
        content.addClassName("fs-zones");
        content.getElement().addEventListener("click", e -> {
            int zone = Integer.parseInt(e.getEventData().get(ZONE_OF_TARGET).asString());
            if (zone >= 0) {
                cursor.focus(cursor.focus().withZone(zone));
            }
        }).addEventData(ZONE_OF_TARGET);
        body().add(content);
    }

    @Override
    protected void render() {
        Kernel k = cursor.moment().kernel();
        Kernel before = cursor.moment().before();
        Integer focus = cursor.focus().zone();
        StringBuilder sb = new StringBuilder();
        kswapd(sb, k.node(), before == null ? null : before.node());
        for (Zone z : k.node().zones()) {
            if (!z.isPopulated()) {
                continue;
            }
            Zone b = before == null ? null : before.node().zone(z.index());
            sb.append("<div class=\"fs-zone").append(focus != null && focus == z.index() ? " fs-focused" : "")
                    .append("\" data-zone=\"").append(z.index()).append("\" title=\"Click to focus zone ")
                    .append(Html.esc(z.name())).append("\">");
            sb.append("<div class=\"fs-zone-head\"><span class=\"fs-zone-name\">").append(Html.esc(z.name()))
                    .append("</span>");
            num(sb, "free", z.freePages(), b == null ? z.freePages() : b.freePages(), TIP_FREE, "fs-free");
            num(sb, "min", z.watermark(Watermark.MIN), b == null ? -1 : b.watermark(Watermark.MIN), TIP_MIN, "");
            num(sb, "low", z.watermark(Watermark.LOW), b == null ? -1 : b.watermark(Watermark.LOW), TIP_LOW, "");
            num(sb, "high", z.watermark(Watermark.HIGH), b == null ? -1 : b.watermark(Watermark.HIGH), TIP_HIGH, "");
            num(sb, "promo", z.watermark(Watermark.PROMO), b == null ? -1 : b.watermark(Watermark.PROMO), TIP_PROMO,
                    "");
            sb.append("</div>");
            bar(sb, z);
            sb.append("<div class=\"fs-zone-sizes\">");
            num(sb, "managed", z.managedPages(), z.managedPages(), TIP_MANAGED, "");
            num(sb, "present", z.presentPages(), z.presentPages(), TIP_PRESENT, "");
            num(sb, "spanned", z.spannedPages(), z.spannedPages(), TIP_SPANNED, "");
            num(sb, "boost", z.watermarkBoost(), b == null ? z.watermarkBoost() : b.watermarkBoost(), TIP_BOOST, "");
            sb.append("<span class=\"fs-num\" title=\"").append(Html.esc(TIP_PROTECTION)).append("\">")
                    .append("<span class=\"fs-num-label\">protection</span> (");
            for (int i = 0; i < ZoneType.COUNT; i++) {
                sb.append(i == 0 ? "" : ", ").append(z.lowmemReserve(i));
            }
            sb.append(")</span><span class=\"fs-num\"><span class=\"fs-num-label\">pfns</span> ")
                    .append(CursorParams.hex(z.zoneStartPfn())).append("\u2013")
                    .append(CursorParams.hex(z.zoneEndPfn() - 1)).append("</span>");
            sb.append("</div><div class=\"fs-zone-sizes\">");
            num(sb, "pcp", cached(z), b == null ? cached(z) : cached(b), TIP_PCP, "");
            num(sb, "highatomic", z.nrReservedHighatomic(), b == null ? z.nrReservedHighatomic()
                    : b.nrReservedHighatomic(), TIP_HIGHATOMIC + " (free " + z.nrFreeHighatomic() + ")", "");
            for (int flag : new int[] {Zone.ZONE_BOOSTED_WATERMARK, Zone.ZONE_RECLAIM_ACTIVE, Zone.ZONE_BELOW_HIGH}) {
                if (z.testFlag(flag)) {
                    sb.append("<span class=\"fs-flag").append(b != null && !b.testFlag(flag) ? " fs-changed" : "")
                            .append("\" title=\"").append(Html.esc(FLAG_TIPS.get(flag))).append("\">")
                            .append(Zone.flagName(flag)).append("</span>");
                }
            }
            sb.append("</div></div>");
        }
        content.getElement().setProperty("innerHTML", sb.toString());
    }

    /** The node's kswapd: asleep or woken, and its failures towards hopelessness. */
    private static void kswapd(StringBuilder sb, PglistData node, PglistData before) {
        String state = node.kswapdSleeping() ? "asleep" : "woken, runs after this operation";
        boolean changed = before != null && (before.kswapdSleeping() != node.kswapdSleeping()
                || before.kswapdFailures() != node.kswapdFailures());
        sb.append("<div class=\"fs-kswapd").append(changed ? " fs-changed" : "").append("\" id=\"fs-kswapd\" title=\"")
                .append(Html.esc(TIP_KSWAPD)).append("\">node ").append(node.nodeId()).append(" \u00b7 kswapd ")
                .append(state).append(" \u00b7 failures ").append(node.kswapdFailures()).append('/')
                .append(PglistData.MAX_RECLAIM_RETRIES)
                .append(node.kswapdFailures() >= PglistData.MAX_RECLAIM_RETRIES ? " (hopeless)" : "").append("</div>");
    }

    /** Pages on the zone's per-CPU lists, all CPUs. */
    private static long cached(Zone z) {
        long n = 0;
        for (int cpu = 0; cpu < z.pagesetCount(); cpu++) {
            n += z.pcp(cpu).count;
        }
        return n;
    }

    /** The free-pages bar: 100% = managed pages, with a tick per watermark. */
    private static void bar(StringBuilder sb, Zone z) {
        double managed = Math.max(1, z.managedPages());
        sb.append("<div class=\"fs-bar\" title=\"free ").append(z.freePages()).append(" of ")
                .append(z.managedPages()).append(" managed pages\">");
        sb.append("<div class=\"fs-bar-fill").append(z.freePages() <= z.watermark(Watermark.MIN) ? " fs-bar-min"
                : z.freePages() <= z.watermark(Watermark.LOW) ? " fs-bar-low" : "").append("\" style=\"width:")
                .append(pct(z.freePages() / managed)).append("\"></div>");
        for (Watermark w : new Watermark[] {Watermark.MIN, Watermark.LOW, Watermark.HIGH}) {
            sb.append("<div class=\"fs-mark fs-mark-").append(w.kernelName()).append("\" style=\"left:")
                    .append(pct(z.watermark(w) / managed)).append("\" title=\"").append(w.kernelName()).append(' ')
                    .append(z.watermark(w)).append("\"></div>");
        }
        sb.append("</div>");
    }

    private static String pct(double f) {
        return String.format(java.util.Locale.ROOT, "%.3f%%", Math.min(100, Math.max(0, f * 100)));
    }

    private static void num(StringBuilder sb, String label, long value, long before, String tip, String cls) {
        boolean changed = before >= 0 && before != value;
        sb.append("<span class=\"fs-num ").append(cls).append(changed ? " fs-changed" : "").append("\" title=\"")
                .append(Html.esc(tip)).append(changed ? Html.esc(" (was " + before + ")") : "").append("\">")
                .append("<span class=\"fs-num-label\">").append(label).append("</span> ").append(value)
                .append("</span>");
    }
}
