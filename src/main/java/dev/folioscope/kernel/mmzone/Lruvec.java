package dev.folioscope.kernel.mmzone;

import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageLists;

/**
 * struct lruvec: a node's LRU lists (one lruvec per node while memory cgroups are not modelled),
 * threaded through the folios' list links in mem_map, head = most recently added. The lists only;
 * which folio goes where is decided in mm/swap.c (see kernel.swap).
 */
public final class Lruvec {
    private final PageLists lists;
    /** lruvec->anon_cost and file_cost: recent reclaim cost (I/O and rotations) per type, decaying. */
    private long anonCost;
    private long fileCost;
    /**
     * lruvec->nonresident_age: the workingset clock, advanced by each eviction and activation;
     * a shadow entry records it at eviction, and the distance to it at refault is how many
     * folios were pushed out or promoted meanwhile.
     */
    private long nonresidentAge;

    /** Each zone's first pfn past its span, by zone index: a pfn's zone is the first whose end is above it. */
    private final long[] zoneEnd;
    /** NR_ZONE_INACTIVE_ANON... NR_ZONE_UNEVICTABLE: the folios of each list in each zone, by [list][zone]. */
    private final int[][] zoneSize;

    Lruvec(long[] zoneEnd) {
        this.zoneEnd = zoneEnd;
        this.zoneSize = new int[LruList.COUNT][zoneEnd.length];
        lists = new PageLists(LruList.COUNT);
    }

    private Lruvec(Lruvec o) {
        zoneEnd = o.zoneEnd;
        zoneSize = new int[LruList.COUNT][];
        for (int l = 0; l < LruList.COUNT; l++) {
            zoneSize[l] = o.zoneSize[l].clone();
        }
        lists = o.lists.copy();
        anonCost = o.anonCost;
        fileCost = o.fileCost;
        nonresidentAge = o.nonresidentAge;
    }

    public long nonresidentAge() {
        return nonresidentAge;
    }

    /** mm/workingset.c: workingset_age_nonresident. */
    public void ageNonresident(long nrPages) {
        nonresidentAge += nrPages;
    }

    public long anonCost() {
        return anonCost;
    }

    public long fileCost() {
        return fileCost;
    }

    /**
     * mm/swap.c: lru_note_cost_unlock_irq — {@code nrIo} folios of I/O (each worth
     * SWAP_CLUSTER_MAX) and {@code nrRotated} rotations added to the type's cost; when both
     * costs exceed a quarter of the LRU pages they are halved.
     */
    public void noteCost(boolean file, long nrIo, long nrRotated) {
        long cost = nrIo * 32 + nrRotated;
        if (cost == 0) {
            return;
        }
        if (file) {
            fileCost += cost;
        } else {
            anonCost += cost;
        }
        long lrusize = size(LruList.INACTIVE_ANON) + size(LruList.ACTIVE_ANON) + size(LruList.INACTIVE_FILE)
                + size(LruList.ACTIVE_FILE);
        if (fileCost + anonCost > lrusize / 4) {
            fileCost /= 2;
            anonCost /= 2;
        }
    }

    Lruvec copy() {
        return new Lruvec(this);
    }

    /** lruvec_add_folio: at the head of {@code lru}. */
    public void add(MemMap mem, LruList lru, int pfn) {
        lists.add(mem, lru.ordinal(), pfn, false);
        zoneSize[lru.ordinal()][zoneOf(pfn)]++;
    }

    /** lruvec_add_folio_tail. */
    public void addTail(MemMap mem, LruList lru, int pfn) {
        lists.add(mem, lru.ordinal(), pfn, true);
        zoneSize[lru.ordinal()][zoneOf(pfn)]++;
    }

    /** lruvec_del_folio. */
    public void del(MemMap mem, LruList lru, int pfn) {
        lists.del(mem, lru.ordinal(), pfn);
        zoneSize[lru.ordinal()][zoneOf(pfn)]--;
    }

    /** The folios of {@code lru} in zone {@code zoneIdx} (NR_ZONE_LRU_BASE + lru). */
    public int zoneSize(LruList lru, int zoneIdx) {
        return zoneSize[lru.ordinal()][zoneIdx];
    }

    private int zoneOf(int pfn) {
        int z = 0;
        while (pfn >= zoneEnd[z]) {
            z++;
        }
        return z;
    }

    /** The most recently added folio of {@code lru}, or -1. */
    public int first(LruList lru) {
        return lists.first(lru.ordinal());
    }

    public int last(LruList lru) {
        return lists.last(lru.ordinal());
    }

    /** The number of folios (all order 0 in this model) on {@code lru}. */
    public int size(LruList lru) {
        return lists.length(lru.ordinal());
    }

    long digest(long h) {
        h = (h ^ anonCost) * 0x100000001b3L;
        h = (h ^ fileCost) * 0x100000001b3L;
        h = (h ^ nonresidentAge) * 0x100000001b3L;
        return lists.digest(h);
    }
}
