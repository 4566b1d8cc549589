package dev.folioscope.web.debugger;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.web.echarts.EChart;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Panel (d): the buddy allocator's free lists of one zone as a heatmap, x = order 0..10,
 * y = migratetype, cell = number of free blocks on free_area[order].free_list[mt]. A click on a
 * cell focuses that list; the side list walks it (head first, at most {@value #LIST_CAP} blocks)
 * and shows the focused page.
 */
final class BuddyPanel extends Panel {
    static final int LIST_CAP = 200;
    private static final String PFN_OF_TARGET =
            "(event.target.closest('[data-pfn]') || {dataset: {pfn: '-1'}}).dataset.pfn";

    private final Cursor cursor;
    private final EChart heatmap = new EChart();
    private final Div freeList = new Div();
    private final List<Button> zoneButtons = new ArrayList<>();

    BuddyPanel(Cursor cursor) {
        super("Buddy free lists", "fs-buddy");
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
        body().add(split);
        cursor.addListener(c -> render());
        render();
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
        int eventZone = cursor.step() == 0 ? -1 : cursor.recording().events().get(cursor.step()).zone();
        if (eventZone >= 0 && k.node().zone(eventZone).isPopulated()) {
            return eventZone;
        }
        return k.node().zones().stream().filter(Zone::isPopulated).findFirst().orElseThrow().index();
    }

    private void render() {
        int zi = zone();
        Kernel k = cursor.moment().kernel();
        Zone z = k.node().zone(zi);
        Zone before = cursor.moment().before() == null ? null : cursor.moment().before().node().zone(zi);
        for (Button b : zoneButtons) {
            boolean on = b.getElement().getAttribute("data-zone").equals(Integer.toString(zi));
            b.getElement().getClassList().set("fs-selected", on);
        }
        setHeading("Buddy free lists \u2014 zone " + z.name());
        heatmap.setOption(option(z, before));
        renderFreeList(k, z);
    }

    private ObjectNode option(Zone z, Zone before) {
        Focus f = cursor.focus();
        boolean focusHere = f.zone() != null && f.zone() == z.index() && f.order() != null && f.mt() != null;
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
                    label.put("formatter", n + (n > was ? " \u25b2" : " \u25bc")).put("color", "#ffffff")
                            .put("fontWeight", "bold");
                }
                if (focusHere && f.order() == order && f.mt() == mt) {
                    style.put("borderColor", "#ffffff").put("borderWidth", 3);
                }
            }
        }
        return o;
    }

    private void renderFreeList(Kernel k, Zone z) {
        Focus f = cursor.focus();
        StringBuilder sb = new StringBuilder();
        if (f.zone() == null || f.zone() != z.index() || f.order() == null || f.mt() == null) {
            sb.append("<div class=\"fs-hint\">Click a cell of the heatmap to list the blocks of that free list.</div>");
        } else {
            int order = f.order();
            int mt = f.mt();
            MemMap mem = k.mem();
            long n = z.nrFree(order, mt);
            sb.append("<div class=\"fs-list-head\" id=\"fs-free-list-head\">").append(Html.esc(z.name()))
                    .append(" free_area[").append(order).append("].free_list[")
                    .append(Html.esc(MigrateType.of(mt).procName())).append("]: ").append(n).append(" block")
                    .append(n == 1 ? "" : "s").append(", ").append(n << order).append(" pages</div>");
            int shown = 0;
            for (int pfn = z.freeListHead(order, mt); pfn != MemMap.NO_PFN && shown < LIST_CAP; pfn = mem.next(pfn)) {
                boolean focused = f.pfn() != null && f.pfn() >= pfn && f.pfn() < pfn + (1 << order);
                sb.append("<div class=\"fs-block").append(focused ? " fs-focused" : "").append("\" data-pfn=\"")
                        .append(pfn).append("\" title=\"Click to focus this page\"><span class=\"fs-block-idx\">")
                        .append(shown).append("</span>").append(EventText.range(pfn, order)).append("</div>");
                shown++;
            }
            if (n > shown) {
                sb.append("<div class=\"fs-hint\">\u2026 ").append(n - shown).append(" more</div>");
            }
        }
        if (f.pfn() != null && f.pfn() < k.mem().nrPages()) {
            sb.append(pageInfo(k, f.pfn()));
        }
        freeList.getElement().setProperty("innerHTML", sb.toString());
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
        return sb.append("</div>").toString();
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append("<div><span class=\"fs-arg-name\">").append(name).append("</span> ").append(Html.esc(value))
                .append("</div>");
    }
}
