package dev.folioscope.kernel.trace;

/**
 * Why an allocation returned no page, diagnosed from the allowed zones at the moment it failed.
 * Reclaim, compaction and the OOM killer are not modelled yet, so the slow path gives up where
 * the kernel would try them.
 */
public enum AllocFailReason {
    ORDER_TOO_LARGE("order above MAX_PAGE_ORDER"),
    BELOW_WATERMARK("every allowed zone is at or below its watermark plus lowmem_reserve"),
    NO_SUITABLE_BLOCK("no free block of this order or larger in any allowed zone (fragmented)"),
    NO_ZONE("no populated zone is allowed by the gfp mask");

    private final String text;

    AllocFailReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static AllocFailReason of(int ordinal) {
        return values()[ordinal];
    }
}
