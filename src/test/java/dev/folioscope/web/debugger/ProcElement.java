package dev.folioscope.web.debugger;

import com.microsoft.playwright.Page;
import java.util.Locale;

/**
 * Page object of the /proc panel: /proc/buddyinfo, /proc/zoneinfo and /proc/pagetypeinfo as the
 * page shows them, and the texts a 6.18 kernel prints for given numbers (mm/vmstat.c), written out
 * here so that tests compare the page with numbers worked out by hand.
 */
final class ProcElement {
    private final Page page;

    ProcElement(Page page) {
        this.page = page;
    }

    /** /proc/buddyinfo, whole. */
    String buddyinfo() {
        return page.locator("#fs-buddyinfo").textContent();
    }

    /** /proc/zoneinfo, whole (also while its tab is not the one shown). */
    String zoneinfo() {
        return page.locator("#fs-zoneinfo").textContent();
    }

    /**
     * zoneinfo() - one zone's part of /proc/zoneinfo, from its "Node 0, zone" line to the next.
     *
     * @param zone the zone's kernel name
     */
    String zoneinfo(String zone) {
        String all = zoneinfo();
        String head = String.format(Locale.ROOT, "Node 0, zone %8s\n", zone);
        int from = all.indexOf(head);
        if (from < 0) {
            throw new AssertionError("no \"" + head.strip() + "\" in /proc/zoneinfo");
        }
        int to = all.indexOf("Node 0, zone ", from + head.length());
        return all.substring(from, to < 0 ? all.length() : to);
    }

    /**
     * buddyinfoLine() - a line of /proc/buddyinfo as frag_show_print prints it:
     * {@code "Node %d, zone %8s "}, then {@code "%6lu "} per order 0..10, then a newline.
     *
     * @param zone the zone's kernel name
     * @param freeBlocks the free blocks of order 0, 1, ... 10
     */
    static String buddyinfoLine(String zone, int... freeBlocks) {
        if (freeBlocks.length != 11) {
            throw new IllegalArgumentException("orders 0..10: 11 counts, not " + freeBlocks.length);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Node 0, zone %8s ", zone));
        for (int n : freeBlocks) {
            sb.append(String.format(Locale.ROOT, "%6d ", n));
        }
        return sb.append('\n').toString();
    }

    /**
     * pagesetLines() - one CPU's lines under "pagesets" in /proc/zoneinfo, as zoneinfo_show_print
     * prints a per_cpu_pages.
     */
    static String pagesetLines(int cpu, int count, int high, int batch, int highMin, int highMax) {
        return String.format(Locale.ROOT, "\n    cpu: %d"
                + "\n              count:    %d"
                + "\n              high:     %d"
                + "\n              batch:    %d"
                + "\n              high_min: %d"
                + "\n              high_max: %d", cpu, count, high, batch, highMin, highMax);
    }

    /** The "pages free" line of a zone in /proc/zoneinfo. */
    static String pagesFreeLine(long free) {
        return "\n  pages free     " + free + "\n";
    }
}
