package dev.folioscope.kernel.trace;

/** What a call of wakeup_kswapd did (mm/vmscan.c), as the result of a WAKEUP_KSWAPD event. */
public enum KswapdWakeup implements Described {
    /** The zone has no managed pages: nothing to do. */
    UNMANAGED_ZONE("the zone has no managed pages"),
    /** kswapd is already awake: the request's order and zone index were merged into the pending ones. */
    ALREADY_AWAKE("kswapd is already awake; the order and zone index were noted for its run"),
    /** The node is hopeless (kswapd failed MAX_RECLAIM_RETRIES times in a row): left to direct reclaim. */
    HOPELESS("kswapd has failed 16 times in a row on this node: it is left asleep, for direct reclaim to do"),
    /** The node is balanced and not boosted: kswapd stays asleep. */
    BALANCED("the node is balanced for this request and not boosted: kswapd stays asleep"),
    /** kswapd was woken: it runs once the current operation returns. */
    WOKEN("kswapd is woken; it runs when the current operation returns");

    private final String text;

    KswapdWakeup(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }

    public static KswapdWakeup of(int ordinal) {
        return values()[ordinal];
    }
}
