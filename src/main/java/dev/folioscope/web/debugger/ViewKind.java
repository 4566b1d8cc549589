package dev.folioscope.web.debugger;

import java.util.Arrays;

/**
 * The views of the debugger, one of which is in front ({@link FocusKey#VIEW}); a new view adds
 * its constant, whose URL name links then carry as {@code view=NAME}.
 */
enum ViewKind {
    /** The page allocator: zones, free lists, per-CPU lists, /proc. */
    ALLOCATOR("allocator", "Allocator"),
    /** Processes, their VMAs and address spaces. */
    PROCESS("process", "Process"),
    /** The page-table walk of one address. */
    PAGETABLE("pagetable", "Page table"),
    /** The struct page / folio of one pfn. */
    FOLIO("folio", "Folio"),
    /** The LRU lists and the per-CPU lru_add batches. */
    LRU("lru", "LRU"),
    /** Free pages against the watermarks over time, with reclaim's markers and scan counts. */
    RECLAIM("reclaim", "Reclaim"),
    /** Every frame of a zone by its use. */
    PHYSMAP("physmap", "Page map"),
    /** The swap device: its clusters, the swap cache, the focused PTE's swap entry. */
    SWAP("swap", "Swap");

    private final String urlName;
    private final String label;

    ViewKind(String urlName, String label) {
        this.urlName = urlName;
        this.label = label;
    }

    /** The name on the view's tab. */
    String label() {
        return label;
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
