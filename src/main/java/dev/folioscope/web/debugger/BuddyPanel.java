package dev.folioscope.web.debugger;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.debug.DumpPage;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.web.echarts.EChart;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Panel (d): the free pages of one zone, where the allocator keeps them. The buddy lists as a
 * heatmap (x = order 0..10, y = migratetype, cell = blocks on free_area[order].free_list[mt]),
 * and under it every CPU's per-CPU pageset: its count, high and batch and the blocks on each of
 * its lists (orders 0..3 and the THP order, by migratetype). A click on a cell focuses that list;
 * the side list walks it (head first, at most {@value #LIST_CAP} blocks) and shows the focused
 * page and where it is.
 */
final class BuddyPanel extends Panel {
    static final int LIST_CAP = 200;
    /** The orders per-CPU lists cache: 0..PAGE_ALLOC_COSTLY_ORDER and the THP order. */
    private static final int[] PCP_ORDERS = {0, 1, 2, 3, PerCpuPages.HPAGE_PMD_ORDER};
    private static final String PFN_OF_TARGET =
            "(event.target.closest('[data-pfn]') || {dataset: {pfn: '-1'}}).dataset.pfn";

    private static final String LIST_OF_TARGET =
            "(event.target.closest('[data-pcp]') || {dataset: {pcp: ''}}).dataset.pcp";
    private static final String TIP_COUNT = "pcp->count: pages cached on this CPU's lists; not counted in"
            + " NR_FREE_PAGES";
    private static final String TIP_HIGH = "pcp->high: at this count a free returns a batch of the coldest pages"
            + " to the buddy lists; tunes itself between high_min and high_max (0 until the pageset is first used)";
    private static final String TIP_BATCH = "pcp->batch: the unit of refills (rmqueue_bulk) and returns"
            + " (free_pcppages_bulk); order-0 refills double it with alloc_factor";

    /** The pageset table's header row, with a tooltip on each column. */
    private static final String PAGESETS_HEAD = pagesetsHead();

    private final Cursor cursor;
    private final EChart heatmap = new EChart();
    private final Div pagesets = new Div();
    private final Div freeList = new Div();
    private final List<Button> zoneButtons = new ArrayList<>();

    BuddyPanel(Cursor cursor) {
        super("Free lists", "fs-buddy", cursor);
        this.cursor = cursor;
        for (Zone z : cursor.moment().kernel().node().zones()) {
            if (z.isPopulated()) {
                Button b = new Button(z.name(), e -> cursor.focus(cursor.focus().withZone(z.index())));
                b.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
                b.setId("fs-buddy-zone-" + z.name());
                b.getElement().setAttribute("data-zone", Integer.toString(z.index()));
                b.setTooltipText("Show the free lists of zone " + z.name());
                zoneButtons.add(b);
                addTool(b);
            }
        }
        heatmap.setId("fs-heatmap");
        heatmap.setNotMerge(true);
        heatmap.addChartClickListener(e -> {
            if (e.getDataIndex() >= 0 && e.getSeriesIndex() == 0) {
                int order = e.getDataIndex() / MigrateType.COUNT;
                int mt = e.getDataIndex() % MigrateType.COUNT;
                cursor.focus(cursor.focus().withFreeList(zone(), order, mt));
            }
        });
        Div chartBox = new Div(heatmap);
        chartBox.addClassName("fs-heatmap-box");
        pagesets.setId("fs-pagesets");
        pagesets.addClassName("fs-pagesets");
        pagesets.getElement().addEventListener("click", e -> {
            String v = e.getEventData().get(LIST_OF_TARGET).asString();
            if (!v.isEmpty()) {
                String[] parts = v.split(",");
                cursor.focus(cursor.focus().withPcpList(zone(), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2])));
            }
        }).addEventData(LIST_OF_TARGET);

        freeList.setId("fs-free-list");
        freeList.addClassName("fs-free-list");
        freeList.getElement().addEventListener("click", e -> {
            String v = e.getEventData().get(PFN_OF_TARGET).asString();
            int pfn = Integer.parseInt(v);
            if (pfn >= 0) {
                cursor.focus(cursor.focus().withPfn(pfn));
            }
        }).addEventData(PFN_OF_TARGET);
        Div split = new Div(chartBox, freeList);
        split.addClassName("fs-buddy-split");
        body().addClassName("fs-buddy-body");
        body().add(split, pagesets);
    }

    /**
     * The zone shown: the focused one if populated, else the zone the current event acts on (so
     * stepping through a fallback follows it from zone to zone), else the first populated zone.
     */
    private int zone() {
        Kernel k = cursor.moment().kernel();
        Integer f = cursor.focus().zone();
        if (f != null && k.node().zone(f).isPopulated()) {
            return f;
        }
        int eventZone = cursor.step() == 0 ? -1
                : (int) cursor.recording().events().get(cursor.step()).first(FieldType.Ref.ZONE);
        if (eventZone >= 0 && k.node().zone(eventZone).isPopulated()) {
            return eventZone;
        }
        return k.node().zones().stream().filter(Zone::isPopulated).findFirst().orElseThrow().index();
    }

    @Override
    protected void render() {
        int zi = zone();
        Kernel k = cursor.moment().kernel();
        Zone z = k.node().zone(zi);
        Zone before = cursor.moment().before() == null ? null : cursor.moment().before().node().zone(zi);
        for (Button b : zoneButtons) {
            boolean on = b.getElement().getAttribute("data-zone").equals(Integer.toString(zi));
            b.getElement().getClassList().set("fs-selected", on);
        }
        setHeading("Free lists \u2014 zone " + z.name());
        heatmap.setOption(option(z, before));
        pagesets.getElement().setProperty("innerHTML", pagesetsHtml(z, before));
        renderFreeList(k, z);
    }

    private ObjectNode option(Zone z, Zone before) {
        Focus f = cursor.focus();
        boolean focusHere = f.listIn(z.index()) && f.cpu() == null;
        ObjectNode o = Json.baseOption();
        o.putObject("grid").put("left", 92).put("right", 12).put("top", 8).put("bottom", 40);
        o.putObject("tooltip").put("show", false);
        ArrayNode orders = Json.array();
        for (int i = 0; i < Zone.NR_PAGE_ORDERS; i++) {
            orders.add(Integer.toString(i));
        }
        ObjectNode x = o.putObject("xAxis");
        x.put("type", "category").put("name", "order").put("nameLocation", "middle").put("nameGap", 22);
        x.set("data", orders);
        x.putObject("splitArea").put("show", false);
        x.putObject("axisLabel").put("color", Theme.MUTED).put("interval", 0);
        ArrayNode types = Json.array();
        for (MigrateType t : MigrateType.values()) {
            types.add(t.procName());
        }
        ObjectNode y = o.putObject("yAxis");
        y.put("type", "category").put("inverse", true);
        y.set("data", types);
        y.putObject("axisLabel").put("color", Theme.MUTED);
        long max = 1;
        for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
            for (int mt = 0; mt < MigrateType.COUNT; mt++) {
                max = Math.max(max, z.nrFree(order, mt));
            }
        }
        ObjectNode vm = o.putObject("visualMap");
        vm.put("show", false).put("min", 0).put("max", max).put("dimension", 2);
        vm.putObject("inRange").set("color", Json.array().add("#1a2330").add("#163e6e").add("#1d5fb4").add("#2f81f7"));
        ObjectNode s = o.putArray("series").addObject();
        s.put("type", "heatmap").put("name", "free blocks");
        ArrayNode data = s.putArray("data");
        // dataIndex = order * MIGRATE_TYPES + mt: the click listener decodes it the same way.
        for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
            for (int mt = 0; mt < MigrateType.COUNT; mt++) {
                long n = z.nrFree(order, mt);
                long was = before == null ? n : before.nrFree(order, mt);
                ObjectNode item = data.addObject();
                item.putArray("value").add(order).add(mt).add(n);
                ObjectNode label = item.putObject("label");
                label.put("show", true).put("formatter", n == 0 ? "\u00b7" : Long.toString(n))
                        .put("color", n == 0 ? Theme.GRID : "#ffffff");
                ObjectNode style = item.putObject("itemStyle");
                style.put("borderColor", "#0d1117").put("borderWidth", 1);
                if (n != was) {
                    style.put("borderColor", Theme.ACCENT).put("borderWidth", 2);
                    // Up green, down red: an arrow beside the count would not fit a narrow cell.
                    label.put("formatter", Long.toString(n)).put("color", n > was ? "#7ee787" : "#ff7b72")
                            .put("fontWeight", "bold");
                }
                if (focusHere && f.order() == order && f.mt() == mt) {
                    style.put("borderColor", "#ffffff").put("borderWidth", 3);
                }
            }
        }
        return o;
    }

    /**
     * Each CPU's pageset: count, high, batch, then the blocks on each list, one column per order
     * the lists cache and one chip per migratetype (a click focuses the list).
     */
    private String pagesetsHtml(Zone z, Zone before) {
        Focus f = cursor.focus();
        StringBuilder sb = new StringBuilder(PAGESETS_HEAD);
        for (int cpu = 0; cpu < z.pagesetCount(); cpu++) {
            PerCpuPages pcp = z.pcp(cpu);
            PerCpuPages was = before == null ? pcp : before.pcp(cpu);
            sb.append("<tr><td>").append(cpu).append("</td>");
            pcpNum(sb, pcp.count, was.count, TIP_COUNT);
            pcpNum(sb, pcp.high, was.high, TIP_HIGH + "; high_min " + pcp.highMin + ", high_max " + pcp.highMax);
            pcpNum(sb, pcp.batch, was.batch, TIP_BATCH);
            for (int order : PCP_ORDERS) {
                sb.append("<td>");
                for (int mt = 0; mt < MigrateType.PCPTYPES; mt++) {
                    int pindex = pcpList(order, mt);
                    if (pindex < 0) {
                        continue;
                    }
                    int n = pcp.length(pindex);
                    boolean focused = f.listIn(z.index()) && f.cpu() != null && f.cpu() == cpu && f.order() == order
                            && f.mt() == mt;
                    boolean changed = was.length(pindex) != n;
                    sb.append("<span class=\"fs-pcp-list fs-mt-").append(mt).append(n == 0 ? " fs-empty" : "")
                            .append(changed ? " fs-changed" : "").append(focused ? " fs-focused" : "")
                            .append("\" data-pcp=\"").append(cpu).append(',').append(order).append(',').append(mt)
                            .append("\" title=\"CPU ").append(cpu).append(" list for order ").append(order).append(' ')
                            .append(MigrateType.of(mt).procName()).append(": ").append(EventText.count(n, "block"))
                            .append(" \u2014 click to walk it\">")
                            .append(n == 0 ? "\u00b7" : Integer.toString(n)).append("</span>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    /**
     * The pageset list shown for an order and migratetype, or -1 when there is none: the pcp
     * caches only some orders and the pcp migratetypes, and of the THP order it has just the
     * Unmovable and Movable lists.
     */
    private static int pcpList(int order, int mt) {
        if (!PerCpuPages.allowedOrder(order) || mt < 0 || mt >= MigrateType.PCPTYPES) {
            return -1;
        }
        int pindex = PerCpuPages.pindex(mt, order);
        return PerCpuPages.pindexMigratetype(pindex) == mt ? pindex : -1;
    }

    private static String pagesetsHead() {
        StringBuilder sb = new StringBuilder("<table class=\"fs-pcp\"><thead><tr><th title=\"per-CPU pageset\">cpu</th>")
                .append("<th title=\"").append(Html.esc(TIP_COUNT)).append("\">count</th>")
                .append("<th title=\"").append(Html.esc(TIP_HIGH)).append("\">high</th>")
                .append("<th title=\"").append(Html.esc(TIP_BATCH)).append("\">batch</th>");
        for (int order : PCP_ORDERS) {
            sb.append("<th title=\"blocks of order ").append(order).append(" on the ")
                    .append(order == PerCpuPages.HPAGE_PMD_ORDER ? "Unmovable and Movable THP lists (red, blue)"
                            : "Unmovable, Movable and Reclaimable lists (red, blue, green)")
                    .append("\">order ").append(order).append("</th>");
        }
        return sb.append("</tr></thead><tbody>").toString();
    }

    private static void pcpNum(StringBuilder sb, int value, int was, String tip) {
        sb.append("<td class=\"fs-pcp-num").append(value != was ? " fs-changed" : "").append("\" title=\"")
                .append(Html.esc(tip + (value != was ? " (was " + was + ")" : ""))).append("\">").append(value)
                .append("</td>");
    }

    private void renderFreeList(Kernel k, Zone z) {
        Focus f = cursor.focus();
        StringBuilder sb = new StringBuilder();
        // The focused page first: a long list below it would push it out of sight.
        if (f.pfn() != null && f.pfn() < k.mem().nrPages()) {
            sb.append(pageInfo(k, f.pfn()));
        }
        if (!f.listIn(z.index())) {
            sb.append("<div class=\"fs-hint\">Click a cell of the heatmap or a per-CPU list to walk it.</div>");
        } else if (f.cpu() != null && f.cpu() < z.pagesetCount() && pcpList(f.order(), f.mt()) >= 0) {
            PerCpuPages pcp = z.pcp(f.cpu());
            int pindex = pcpList(f.order(), f.mt());
            int n = pcp.length(pindex);
            sb.append("<div class=\"fs-list-head\" id=\"fs-free-list-head\">").append(Html.esc(z.name()))
                    .append(" CPU ").append(f.cpu()).append(" pcp list, order ").append(f.order()).append(' ')
                    .append(Html.esc(MigrateType.of(f.mt()).procName())).append(": ").append(EventText.count(n, "block"))
                    .append(", ").append(EventText.count((long) n << f.order(), "page")).append(" (pageset ")
                    .append(pcp.count).append(" of high ").append(pcp.high).append(")</div>");
            walk(sb, k.mem(), pcp.first(pindex), f.order(), n, f.pfn());
        } else if (f.cpu() == null) {
            int order = f.order();
            int mt = f.mt();
            long n = z.nrFree(order, mt);
            sb.append("<div class=\"fs-list-head\" id=\"fs-free-list-head\">").append(Html.esc(z.name()))
                    .append(" free_area[").append(order).append("].free_list[")
                    .append(Html.esc(MigrateType.of(mt).procName())).append("]: ").append(EventText.count(n, "block"))
                    .append(", ").append(EventText.count(n << order, "page")).append("</div>");
            walk(sb, k.mem(), z.freeListHead(order, mt), order, n, f.pfn());
        } else {
            sb.append("<div class=\"fs-hint\">CPU ").append(f.cpu()).append(" has no per-CPU list for order ")
                    .append(f.order()).append(' ').append(Html.esc(MigrateType.of(f.mt()).procName())).append(".</div>");
        }
        freeList.getElement().setProperty("innerHTML", sb.toString());
    }

    /** The blocks of a list from its head, at most {@value #LIST_CAP}, the focused page marked. */
    private static void walk(StringBuilder sb, MemMap mem, int head, int order, long n, Integer focusPfn) {
        int shown = 0;
        for (int pfn = head; pfn != MemMap.NO_PFN && shown < LIST_CAP; pfn = mem.next(pfn)) {
            boolean focused = focusPfn != null && focusPfn >= pfn && focusPfn < pfn + (1 << order);
            sb.append("<div class=\"fs-block").append(focused ? " fs-focused" : "").append("\" data-pfn=\"")
                    .append(pfn).append("\" title=\"Click to focus this page\"><span class=\"fs-block-idx\">")
                    .append(shown).append("</span>").append(EventText.range(pfn, order)).append("</div>");
            shown++;
        }
        if (n > shown) {
            sb.append("<div class=\"fs-hint\">\u2026 ").append(n - shown).append(" more</div>");
        }
    }

    /** struct page of the focused pfn, as far as the model keeps it. */
    private static String pageInfo(Kernel k, int pfn) {
        MemMap mem = k.mem();
        Zone z = k.node().zoneOfPfn(pfn);
        StringBuilder sb = new StringBuilder("<div class=\"fs-page\" id=\"fs-page-info\"><div class=\"fs-list-head\">page ")
                .append(CursorParams.hex(pfn)).append("</div>");
        row(sb, "zone", z == null ? "(none)" : z.name());
        row(sb, "PageBuddy", mem.isBuddy(pfn) ? "yes, order " + mem.buddyOrder(pfn) : "no");
        row(sb, "refcount", Integer.toString(mem.refcount(pfn)));
        String flags = PageFlag.format(mem.flags(pfn));
        row(sb, "flags", flags.isEmpty() ? "(none)" : flags);
        row(sb, "pageblock", CursorParams.hex(pfn & ~(MemMap.PAGEBLOCK_NR_PAGES - 1)) + " "
                + MigrateType.of(mem.pageblockMigratetype(pfn)).procName());
        row(sb, "where", where(DumpPage.locate(k, pfn)));
        return sb.append("</div>").toString();
    }

    private static String where(DumpPage.Location l) {
        String block = l.order() < 0 ? "" : EventText.range(l.head(), l.order()) + " order " + l.order() + " ";
        return switch (l.place()) {
            case BUDDY -> "free: " + block + "on free_list[" + MigrateType.of(l.mt()).procName() + "]";
            case PCP -> "free: " + block + "on CPU " + l.cpu() + "'s per-CPU list (" + MigrateType.of(l.mt()).procName()
                    + "), not counted in NR_FREE_PAGES";
            case RESERVED -> "reserved (never given to the allocator)";
            case IN_USE -> "allocated";
        };
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append("<div><span class=\"fs-arg-name\">").append(name).append("</span> ").append(Html.esc(value))
                .append("</div>");
    }
}
