package dev.folioscope.kernel.trace;

/**
 * Where __alloc_pages_slowpath gave up on an allocation, as the reason field of a WARN_ALLOC event. The
 * slow path follows the kernel's order.
 */
public enum AllocFailReason implements Described {
    ORDER_TOO_LARGE("the order is above MAX_PAGE_ORDER"),
    NO_ZONE("no populated zone is allowed by the gfp mask (nopage)"),
    NO_DIRECT_RECLAIM("the caller may not reclaim (no __GFP_DIRECT_RECLAIM), so the allocator cannot make room"),
    NORETRY("__GFP_NORETRY: one round of reclaim, no retries"),
    COSTLY_ORDER("an order above PAGE_ALLOC_COSTLY_ORDER (3) is not retried after reclaim and compaction"
            + " failed, unless the request has __GFP_RETRY_MAYFAIL"),
    OOM_SKIPPED("the OOM killer is not used for this request (order above 3, __GFP_RETRY_MAYFAIL,"
            + " __GFP_THISNODE, or a zone below Normal)"),
    NO_KILLABLE_PROCESS("out of memory and no killable process: a real kernel panics here (\"System is"
            + " deadlocked on memory\"); the model fails the allocation so the scenario can go on"),
    RETRY_FOREVER("a real kernel would retry this request until another task frees memory (__GFP_NOFAIL,"
            + " or no __GFP_FS so the OOM killer stands aside, or an earlier OOM victim has yet to exit); nothing"
            + " else runs here, so the model stops"),
    OOM_VICTIM("the allocating task is the OOM victim and not even the reserve it may now use (ALLOC_OOM)"
            + " served it: the allocation fails, and the task dies on its way back to user mode");

    private final String text;

    AllocFailReason(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }

    public static AllocFailReason of(int ordinal) {
        return values()[ordinal];
    }
}
