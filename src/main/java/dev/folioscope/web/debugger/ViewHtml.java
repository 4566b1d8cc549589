package dev.folioscope.web.debugger;

import static dev.folioscope.web.debugger.Html.esc;

/** Markup shared by the {@link ViewPanel}s: links, hex numbers, table cells. Pure. */
final class ViewHtml {
    private ViewHtml() {
    }

    /** A link that moves the cursor ({@link ViewPanel#follow}): a button, so the keyboard reaches it. */
    static String go(String text, String go, String title) {
        return "<button type=\"button\" class=\"fs-go\" data-go=\"" + esc(go) + "\""
                + (title == null ? "" : " title=\"" + esc(title) + "\"") + ">" + esc(text) + "</button>";
    }

    /** A link to a page frame: focuses the pfn and shows the folio view. */
    static String pfn(long pfn) {
        return go(hex(pfn), "pfn=" + hex(pfn), "page frame " + hex(pfn)
                + ": inspect its struct page / folio");
    }

    /** A link to a step. */
    static String step(int step, String title) {
        return go("#" + step, "step=" + step, title);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A table cell with a tooltip. */
    static String th(String text, String title) {
        return "<th title=\"" + esc(title) + "\">" + esc(text) + "</th>";
    }

    static String td(String html) {
        return "<td>" + html + "</td>";
    }

    /** Text with a tooltip explaining it. */
    static String tip(String text, String title) {
        return "<span class=\"fs-tip\" title=\"" + esc(title) + "\">" + esc(text) + "</span>";
    }

    /** "12 kB" for a byte count. */
    static String kb(long bytes) {
        return (bytes >> 10) + " kB";
    }
}
