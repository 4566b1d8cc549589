package dev.folioscope.web.debugger;

import java.util.Arrays;

/**
 * The views of the debugger, one of which is in front ({@link FocusKey#VIEW}); a new view adds
 * its constant, whose URL name links then carry as {@code view=NAME}.
 */
enum ViewKind {
    /** The page allocator: zones, free lists, per-CPU lists, /proc. */
    ALLOCATOR("allocator");

    private final String urlName;

    ViewKind(String urlName) {
        this.urlName = urlName;
    }

    String urlName() {
        return urlName;
    }

    /** The view of a URL name (any case), or null. */
    static ViewKind of(String name) {
        return Arrays.stream(values()).filter(v -> v.urlName.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** The URL names, for messages. */
    static String names() {
        return String.join(", ", Arrays.stream(values()).map(ViewKind::urlName).toList());
    }
}
