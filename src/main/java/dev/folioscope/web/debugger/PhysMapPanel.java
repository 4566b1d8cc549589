package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;
import static dev.folioscope.web.debugger.ViewHtml.hex;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.page.PageType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The physical page map: every frame of a zone as a pixel coloured by its use (free in the buddy
 * lists by order, free on a CPU's per-CPU lists, anonymous, page cache, page table, zero page, reserved, other
 * allocated), one pageblock ({@value MemMap#PAGEBLOCK_NR_PAGES} frames) a row, rows separated by
 * a dark line. Drawn as a PNG served by the app (a zone has up to a million frames), under a
 * legend with the count of each use; a click focuses the frame under the pointer.
 */
final class PhysMapPanel extends ViewPanel {
    /** Frames per row: one pageblock. */
    static final int COLS = MemMap.PAGEBLOCK_NR_PAGES;
    /** Pixels per row at least: the frames, then a line between pageblocks. */
    static final int ROW_PX = 3;

    /** What a frame is used for, with its colour. */
    enum Use {
        FREE_LOW("free, order 0-2", 0x2e7d32), FREE_MID("free, order 3-6", 0x43a047), FREE_HIGH("free, order 7-10",
                0x81c784), PCP("free on a per-CPU list", 0x26a69a), ANON("anonymous", 0x58a6ff),
        FILE("page cache", 0xb388ff), PGTABLE("page table", 0xf0b429), ZERO("zero page", 0xffffff), RESERVED(
                "reserved", 0x6e7681), OTHER("allocated, other (kernel)", 0xf85149);

        final String label;
        final int rgb;

        Use(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }
    }

    private final Image image = new Image();
    private final Div mark = new Div();

    PhysMapPanel(Cursor cursor) {
        super("Physical pages", "fs-physmap", cursor, PhysMapPanel::render);
        image.setId("fs-physmap-img");
        image.setAlt("the frames of the zone by use");
        image.getElement().setAttribute("title", "click a frame to inspect it");
        mark.addClassName("fs-physmap-mark");
        mark.setId("fs-physmap-mark");
        Div inner = new Div(image, mark);
        inner.addClassName("fs-physmap-inner");
        Div box = new Div(inner);
        box.addClassName("fs-physmap-box");
        content.addClassName("fs-physmap-head");
        body().add(box);
        String x = "event.offsetX / event.target.clientWidth";
        String y = "event.offsetY / event.target.clientHeight";
        image.getElement().addEventListener("click", e -> {
            Zone z = zone(ViewContext.of(cursor));
            long pfn = pfnAt(z, e.getEventData().get(x).asDouble(), e.getEventData().get(y).asDouble());
            if (pfn >= 0) {
                ViewPanel.follow(cursor, "pfn=" + hex(pfn));
            }
        }).addEventData(x).addEventData(y);
    }

    @Override
    protected void render() {
        super.render();
        ViewContext ctx = ViewContext.of(cursor);
        Zone z = zone(ctx);
        if (z == null) {
            image.setVisible(false);
            return;
        }
        byte[] png = png(image(ctx.kernel(), z, ctx.vmaFrames()));
        image.setSrc(DownloadHandler.fromInputStream(event -> new DownloadResponse(new ByteArrayInputStream(png),
                "physmap-" + ctx.step() + ".png", "image/png", png.length)));
        int focused = ctx.pfn();
        mark.setVisible(focused >= 0 && z.spansPfn(focused));
        if (focused >= 0 && z.spansPfn(focused)) {
            long i = focused - z.zoneStartPfn() / COLS * COLS;
            mark.getStyle().set("left", String.format(Locale.ROOT, "%.3f%%", 100.0 * (i % COLS) / COLS))
                    .set("top", String.format(Locale.ROOT, "%.3f%%", 100.0 * (i / COLS) / rows(z)));
            mark.getElement().setAttribute("title", "pfn " + hex(focused));
        }
    }

    /** The zone shown: the focused one, else the one holding the focused page, else the largest. */
    static Zone zone(ViewContext ctx) {
        Kernel k = ctx.kernel();
        Integer f = ctx.focus().zone();
        if (f != null && k.node().zone(f).isPopulated()) {
            return k.node().zone(f);
        }
        int pfn = ctx.pfn();
        Zone best = null;
        for (Zone z : k.node().zones()) {
            if (z.isPopulated() && pfn >= 0 && z.spansPfn(pfn)) {
                return z;
            }
            if (z.isPopulated() && (best == null || z.spannedPages() > best.spannedPages())) {
                best = z;
            }
        }
        return best;
    }

    /** The pfn at a fraction (0..1) of the image's width and height, or -1. */
    static long pfnAt(Zone z, double fx, double fy) {
        long rows = rows(z);
        long row = (long) Math.floor(fy * rows);
        long col = (long) Math.floor(fx * COLS);
        long pfn = z.zoneStartPfn() / COLS * COLS + row * COLS + col;
        return row < 0 || row >= rows || col < 0 || col >= COLS || !z.spansPfn(pfn) ? -1 : pfn;
    }

    private static long rows(Zone z) {
        long first = z.zoneStartPfn() / COLS;
        long last = (z.zoneEndPfn() - 1) / COLS;
        return last - first + 1;
    }

    /** Pixels per row: taller rows for a zone of few pageblocks, so that the map stays legible. */
    static int rowPx(int rows) {
        return Math.max(ROW_PX, Math.min(12, 360 / Math.max(1, rows)));
    }

    /** The use of every frame of the zone, from its first pageblock's start (frames outside are null). */
    static Use[] uses(Kernel k, Zone z) {
        MemMap mem = k.mem();
        long base = z.zoneStartPfn() / COLS * COLS;
        Use[] out = new Use[(int) (rows(z) * COLS)];
        for (long pfn = z.zoneStartPfn(); pfn < z.zoneEndPfn() && pfn < mem.nrPages(); pfn++) {
            int p = (int) pfn;
            if (mem.isBuddy(p)) {
                int order = mem.buddyOrder(p);
                Use u = order <= 2 ? Use.FREE_LOW : order <= 6 ? Use.FREE_MID : Use.FREE_HIGH;
                for (long i = 0; i < 1L << order && pfn + i < z.zoneEndPfn(); i++) {
                    out[(int) (pfn + i - base)] = u;
                }
                pfn += (1L << order) - 1;
                continue;
            }
            out[(int) (pfn - base)] = use(k, p);
        }
        for (int cpu = 0; cpu < k.config().cpus(); cpu++) {
            PerCpuPages pcp = z.pcp(cpu);
            for (int pindex = 0; pindex < PerCpuPages.NR_PCP_LISTS; pindex++) {
                int n = 0;
                for (int p = pcp.first(pindex); p >= 0 && n < pcp.length(pindex); p = mem.next(p), n++) {
                    for (long i = 0; i < 1L << PerCpuPages.pindexOrder(pindex) && p + i < z.zoneEndPfn(); i++) {
                        out[(int) (p + i - base)] = Use.PCP;
                    }
                }
            }
        }
        return out;
    }

    /** The use of one frame that is neither in a buddy block nor on a per-CPU list. */
    static Use use(Kernel k, int pfn) {
        MemMap mem = k.mem();
        if (pfn == k.zeroPfn()) {
            return Use.ZERO;
        }
        if (mem.test(pfn, PageFlag.PG_reserved)) {
            return Use.RESERVED;
        }
        if (PageType.TABLE.test(mem.pageType(pfn))) {
            return Use.PGTABLE;
        }
        if (mem.isAnon(pfn)) {
            return Use.ANON;
        }
        if (mem.mapping(pfn) != 0) {
            return Use.FILE;
        }
        return Use.OTHER;
    }

    /** The zone's frames, a pixel each, a pageblock a row, a dark line under each row. */
    /** The frames the focused VMA maps, drawn over their use. */
    static final int LIT = 0xffd33d;

    static BufferedImage image(Kernel k, Zone z, BitSet lit) {
        Use[] uses = uses(k, z);
        int rows = (int) rows(z);
        int rowPx = rowPx(rows);
        long base = z.zoneStartPfn() / COLS * COLS;
        BufferedImage img = new BufferedImage(COLS, rows * rowPx, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < uses.length; i++) {
            int rgb = uses[i] == null ? 0x0d1117 : lit.get((int) (base + i)) ? LIT : uses[i].rgb;
            int x = i % COLS;
            int y = i / COLS * rowPx;
            for (int d = 0; d < rowPx - 1; d++) {
                img.setRGB(x, y + d, rgb);
            }
            img.setRGB(x, y + rowPx - 1, 0x0d1117);
        }
        return img;
    }

    /** The head and the legend, with the number of frames of each use. */
    static String render(ViewContext ctx) {
        Zone z = zone(ctx);
        if (z == null) {
            return "<p class=\"fs-muted\">no populated zone</p>";
        }
        int[] counts = new int[Use.values().length];
        for (Use u : uses(ctx.kernel(), z)) {
            if (u != null) {
                counts[u.ordinal()]++;
            }
        }
        BitSet lit = ctx.vmaFrames();
        StringBuilder sb = new StringBuilder("<div class=\"fs-mm-head\">zone ").append(esc(z.name())).append(" \u00b7 ")
                .append(hex(z.zoneStartPfn())).append("-").append(hex(z.zoneEndPfn() - 1)).append(" \u00b7 ")
                .append(ViewHtml.tip("one row per pageblock (" + COLS + " frames)", "a pageblock is 2^"
                        + MemMap.PAGEBLOCK_ORDER + " frames with one migratetype; rows are separated by a dark line"))
                .append("</div><div class=\"fs-physmap-legend\">");
        for (Use u : Use.values()) {
            sb.append("<span class=\"fs-physmap-key\" data-use=\"").append(u.name().toLowerCase(Locale.ROOT))
                    .append("\"><i style=\"background:#").append(String.format(Locale.ROOT, "%06x", u.rgb))
                    .append("\"></i>").append(esc(u.label)).append(" <span class=\"fs-muted\">")
                    .append(counts[u.ordinal()]).append("</span></span>");
        }
        if (!lit.isEmpty()) {
            sb.append("<span class=\"fs-physmap-key\" data-use=\"vma\" title=\"the frames the focused VMA's PTEs"
                    + " map (in any zone)\"><i style=\"background:#").append(String.format(Locale.ROOT, "%06x", LIT))
                    .append("\"></i>mapped by vma #").append(ctx.focus().get(FocusKey.VMA))
                    .append(" <span class=\"fs-muted\" id=\"fs-physmap-lit\">").append(lit.cardinality())
                    .append("</span></span>");
        }
        return sb.append("</div>").toString();
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
