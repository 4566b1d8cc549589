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

    Lruvec() {
        lists = new PageLists(LruList.COUNT);
    }

    private Lruvec(Lruvec o) {
        lists = o.lists.copy();
    }

    Lruvec copy() {
        return new Lruvec(this);
    }

    /** lruvec_add_folio: at the head of {@code lru}. */
    public void add(MemMap mem, LruList lru, int pfn) {
        lists.add(mem, lru.ordinal(), pfn, false);
    }

    /** lruvec_add_folio_tail. */
    public void addTail(MemMap mem, LruList lru, int pfn) {
        lists.add(mem, lru.ordinal(), pfn, true);
    }

    /** lruvec_del_folio. */
    public void del(MemMap mem, LruList lru, int pfn) {
        lists.del(mem, lru.ordinal(), pfn);
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
        return lists.digest(h);
    }
}
