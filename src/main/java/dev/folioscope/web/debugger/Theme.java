package dev.folioscope.web.debugger;

/**
 * The colours charts use; the same values as the CSS custom properties of
 * {@code frontend/styles/folioscope.css} (charts draw on canvas and cannot read CSS).
 */
final class Theme {
    static final String TEXT = "#c9d1d9";
    static final String MUTED = "#8b949e";
    static final String GRID = "#30363d";
    static final String ACCENT = "#f0b429";
    static final String MIN = "#f85149";
    static final String LOW = "#d29922";
    static final String HIGH = "#3fb950";
    /** Bookmark markers on the timeline: apart from the zones', the watermarks' and the cursor's colours. */
    static final String BOOKMARK = "#f778ba";
    /** One colour per zone index (DMA, DMA32, Normal, Movable, Device). */
    static final String[] ZONES = {"#58a6ff", "#bc8cff", "#39c5cf", "#ff7b72", "#e3b341"};

    private Theme() {
    }
}
