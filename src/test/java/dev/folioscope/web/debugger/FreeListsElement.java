package dev.folioscope.web.debugger;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Page object of the free lists panel of one zone: the zone buttons, the buddy heatmap (x = order,
 * y = migratetype), the per-CPU pageset table under it, and the side list that walks the focused
 * list and describes the focused page.
 */
final class FreeListsElement {
    /** Migratetype rows of the heatmap and the third number of a per-CPU list: MIGRATE_UNMOVABLE. */
    static final int UNMOVABLE = 0;
    /** MIGRATE_MOVABLE. */
    static final int MOVABLE = 1;

    /** One row of the pageset table: pcp->count, pcp->high, pcp->batch. */
    record Pageset(int count, int high, int batch) {
    }

    private final Page page;

    FreeListsElement(Page page) {
        this.page = page;
    }

    /** "Free lists — zone DMA32". */
    Locator heading() {
        return page.locator("#fs-buddy .fs-panel-title");
    }

    /**
     * showZone() - click the zone's button in the panel's header.
     *
     * @param zone the zone's kernel name
     */
    void showZone(String zone) {
        page.locator("#fs-buddy-zone-" + zone).click();
        idle();
    }

    // ---------- buddy lists ----------

    Locator heatmap() {
        return page.locator("#fs-heatmap");
    }

    /**
     * clickHeatmapCell() - click the cell of free_area[order].free_list[mt] with the mouse.
     *
     * @param order 0..10, the column
     * @param mt the migratetype's number, the row ({@link #UNMOVABLE}, {@link #MOVABLE}, ...)
     */
    void clickHeatmapCell(int order, int mt) {
        BrowserTestBase.waitForChart(heatmap());
        BrowserTestBase.clickChartData(page, heatmap(), 0, order, mt);
    }

    // ---------- per-CPU pagesets ----------

    /** The table of per-CPU pagesets under the heatmap. */
    Locator pagesetTable() {
        return page.locator("#fs-pagesets");
    }

    /**
     * pageset() - count, high and batch of one CPU's pageset, as the table shows them.
     *
     * @param cpu the CPU, the table's row
     */
    Pageset pageset(int cpu) {
        List<String> cells = pagesetTable().locator("tbody tr").nth(cpu).locator("td").allTextContents();
        if (!cells.getFirst().strip().equals(Integer.toString(cpu))) {
            throw new AssertionError("row " + cpu + " of the pageset table is CPU " + cells.getFirst());
        }
        return new Pageset(Integer.parseInt(cells.get(1).strip()), Integer.parseInt(cells.get(2).strip()),
                Integer.parseInt(cells.get(3).strip()));
    }

    /**
     * pcpList() - the chip of one per-CPU list: its number of blocks, "·" when empty.
     *
     * @param cpu the CPU
     * @param order the list's order (0..3 or 9)
     * @param mt the list's migratetype number
     */
    Locator pcpList(int cpu, int order, int mt) {
        return pagesetTable().locator("[data-pcp=\"" + cpu + "," + order + "," + mt + "\"]");
    }

    /**
     * nonEmptyPcpLists() - every per-CPU list that holds blocks, all CPUs.
     *
     * @return "cpu,order,mt" to the number of blocks shown on its chip
     */
    Map<String, Integer> nonEmptyPcpLists() {
        Map<String, Integer> lists = new LinkedHashMap<>();
        Locator chips = pagesetTable().locator(".fs-pcp-list");
        for (int i = 0; i < chips.count(); i++) {
            String text = chips.nth(i).textContent().strip();
            if (!text.equals("\u00b7")) {
                lists.put(chips.nth(i).getAttribute("data-pcp"), Integer.parseInt(text));
            }
        }
        return lists;
    }

    /**
     * walkPcpList() - click a per-CPU list's chip: the side list walks it.
     *
     * @param cpu the CPU
     * @param order the list's order
     * @param mt the list's migratetype number
     */
    void walkPcpList(int cpu, int order, int mt) {
        pcpList(cpu, order, mt).click();
        idle();
    }

    // ---------- the side list ----------

    /** The heading of the walked list, e.g. "DMA free_area[9].free_list[Unmovable]: 1 block, 512 pages". */
    Locator listHead() {
        return page.locator("#fs-free-list-head");
    }

    /** The side list's hint when nothing is walked, e.g. "CPU 0 has no per-CPU list for order 9 Reclaimable.". */
    Locator listHint() {
        return page.locator("#fs-free-list > .fs-hint");
    }

    /** The blocks of the walked list, head first. */
    Locator blocks() {
        return page.locator("#fs-free-list .fs-block");
    }

    /** The pfn ranges of the walked list's blocks, head first: "0x200-0x3ff", ... */
    @SuppressWarnings("unchecked")
    List<String> blockRanges() {
        return (List<String>) blocks().evaluateAll("bs => bs.map(b => { const c = b.cloneNode(true);"
                + " c.querySelectorAll('.fs-block-idx').forEach(i => i.remove()); return c.textContent.trim(); })");
    }

    /** The block that holds the focused page. */
    Locator focusedBlock() {
        return page.locator("#fs-free-list .fs-block.fs-focused");
    }

    /**
     * clickBlock() - click a block of the walked list: its first page becomes the focused page.
     *
     * @param index 0 for the list's head
     */
    void clickBlock(int index) {
        blocks().nth(index).click();
        idle();
    }

    /** The description of the focused page. */
    Locator pageInfo() {
        return page.locator("#fs-page-info");
    }

    /**
     * pageInfoRows() - the focused page's description, by row name.
     *
     * @return e.g. "PageBuddy" to "yes, order 9", "where" to "free: 0x200-0x3ff order 9 on free_list[Unmovable]"
     */
    @SuppressWarnings("unchecked")
    Map<String, String> pageInfoRows() {
        return (Map<String, String>) pageInfo().evaluate("p => { const m = {};"
                + " p.querySelectorAll(':scope > div:not(.fs-list-head)').forEach(r => {"
                + "   const n = r.querySelector('.fs-arg-name');"
                + "   m[n.textContent] = r.textContent.substring(n.textContent.length).trim(); });"
                + " return m; }");
    }

    private void idle() {
        BrowserTestBase.waitForVaadin(page);
    }
}
