package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.trace.Trace;
import dev.folioscope.kernel.trace.WorkingsetEvents;
import java.util.function.LongSupplier;

/**
 * mm/workingset.c with the classic LRU: a folio reclaimed from the page cache or the swap cache
 * leaves a shadow entry in its slot holding the lruvec's nonresident_age at that moment and
 * whether it was active (PG_workingset). When the same slot is filled again, the refault
 * distance — how far that clock has moved since — is compared with the memory the folio
 * competes for: a folio that would have stayed resident had it been given that memory is part
 * of the workingset, and is activated at once.
 *
 * <p>The model's shadow is an int in the slot's array (a negative value, so it cannot be taken
 * for a pfn), with room for 29 bits of the clock where 6.18 keeps 36; distances are taken modulo
 * 2^29 pages, far more than any recording evicts. The shadow-node shrinker (workingset_nodes,
 * workingset_nodereclaim) is not modelled: shadows stay until their slot is filled or freed.
 */
public final class Workingset {
    /** The clock bits a shadow keeps: EVICTION_MASK of the model. */
    static final long EVICTION_MASK = (1L << 29) - 1;

    private final PglistData node;
    private final MemMap mem;
    private final Trace trace;
    /** nr_swap_pages: free swap slots, which decide whether anonymous memory competes. */
    private final LongSupplier freeSwapPages;

    public Workingset(PglistData node, MemMap mem, Trace trace, LongSupplier freeSwapPages) {
        this.node = node;
        this.mem = mem;
        this.trace = trace;
        this.freeSwapPages = freeSwapPages;
    }

    /** Whether a slot's value is a shadow entry (xa_is_value) rather than a folio or nothing. */
    public static boolean isShadow(int v) {
        return v <= -2;
    }

    /** pack_shadow: the clock and PG_workingset, as a value no pfn or empty slot takes. */
    static int packShadow(long eviction, boolean workingset) {
        return -2 - (int) (((eviction & EVICTION_MASK) << 1) | (workingset ? 1 : 0));
    }

    /** The eviction clock a shadow holds. */
    public static long shadowEviction(int shadow) {
        return (-2L - shadow) >>> 1;
    }

    /** Whether the folio was active when it was evicted. */
    public static boolean shadowWorkingset(int shadow) {
        return ((-2L - shadow) & 1) != 0;
    }

    /**
     * workingset_eviction: the shadow for a folio leaving memory, taken before the clock ticks
     * for it (so a folio evicted and refaulted with nothing in between has distance 1).
     */
    public int eviction(int pfn) {
        // mm/workingset.c: workingset_eviction
        Lruvec lruvec = node.lruvec();
        int shadow = packShadow(lruvec.nonresidentAge(), mem.test(pfn, PageFlag.PG_workingset));
        lruvec.ageNonresident(1);
        trace.point(WorkingsetEvents.EVICTION, pfn, shadowEviction(shadow), shadowWorkingset(shadow) ? 1 : 0);
        return shadow;
    }

    /**
     * workingset_refault: a new folio takes the slot of a shadow. It is counted as a refault;
     * if its refault distance is within the workingset it competes for (the active file list,
     * plus the inactive file list for anonymous folios, plus the anonymous lists while swap has
     * room), it is activated and the clock ticks; if it was active before its eviction it also
     * gets PG_workingset back (restored) and its reclaim is charged to its type's cost.
     */
    public void refault(int pfn, int shadow) {
        // mm/workingset.c: workingset_refault, workingset_test_recent
        boolean file = !mem.test(pfn, PageFlag.PG_swapbacked);
        Lruvec lruvec = node.lruvec();
        node.modStat(file ? NodeStat.WORKINGSET_REFAULT_FILE : NodeStat.WORKINGSET_REFAULT_ANON, 1);
        long distance = (lruvec.nonresidentAge() - shadowEviction(shadow)) & EVICTION_MASK;
        long size = lruvec.size(LruList.ACTIVE_FILE);
        if (!file) {
            size += lruvec.size(LruList.INACTIVE_FILE);
        }
        if (freeSwapPages.getAsLong() > 0) {
            size += lruvec.size(LruList.ACTIVE_ANON);
            if (file) {
                size += lruvec.size(LruList.INACTIVE_ANON);
            }
        }
        boolean recent = distance <= size;
        boolean restore = recent && shadowWorkingset(shadow);
        if (recent) {
            mem.setFlag(pfn, PageFlag.PG_active);
            lruvec.ageNonresident(1);
            node.modStat(file ? NodeStat.WORKINGSET_ACTIVATE_FILE : NodeStat.WORKINGSET_ACTIVATE_ANON, 1);
            if (restore) {
                mem.setFlag(pfn, PageFlag.PG_workingset);
                // lru_note_cost_refault: the refault is one folio of I/O reclaim should have avoided.
                lruvec.noteCost(file, 1, 0);
                node.modStat(file ? NodeStat.WORKINGSET_RESTORE_FILE : NodeStat.WORKINGSET_RESTORE_ANON, 1);
            }
        }
        trace.point(WorkingsetEvents.REFAULT, pfn, file ? 1 : 0, distance, size, recent ? 1 : 0, restore ? 1 : 0);
    }

    /** workingset_activation: an activation by use ticks the clock as an eviction does. */
    public void activation() {
        node.lruvec().ageNonresident(1);
    }
}
