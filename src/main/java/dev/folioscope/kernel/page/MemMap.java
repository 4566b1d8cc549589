package dev.folioscope.kernel.page;

import dev.folioscope.kernel.base.CowIntArray;

/**
 * mem_map: the struct page array, stored as one primitive array per field and indexed by pfn, so
 * that a machine of 16 M pages fits a small heap and forks cheaply (see {@link CowIntArray}).
 *
 * <p>Field meanings follow struct page: {@code flags} (PG_* bits), {@code _refcount},
 * {@code page_type} (the word shared with {@code _mapcount}), {@code private} (the buddy order of a
 * free block's head), and the {@code buddy_list} links as pfns (-1 for none). The pageblock flags
 * (migratetype) are kept per pageblock of {@value #PAGEBLOCK_ORDER} order.
 */
public final class MemMap {
    /** include/linux/pageblock-flags.h: pageblock_order on x86-64 (HPAGE_PMD_ORDER). */
    public static final int PAGEBLOCK_ORDER = 9;
    public static final int PAGEBLOCK_NR_PAGES = 1 << PAGEBLOCK_ORDER;
    public static final int NO_PFN = -1;

    private final int nrPages;
    private final CowIntArray flags;
    private final CowIntArray refcount;
    private final CowIntArray pageType;
    private final CowIntArray privateField;
    private final CowIntArray next;
    private final CowIntArray prev;
    private final CowIntArray pageblockMigratetype;

    /** A mem_map for pfns [0, nrPages): every page reserved and unused until memblock frees it. */
    public MemMap(int nrPages, int initialMigratetype) {
        this.nrPages = nrPages;
        flags = new CowIntArray(nrPages, PageFlag.PG_reserved.mask());
        refcount = new CowIntArray(nrPages, 1);
        pageType = new CowIntArray(nrPages, PageType.NONE);
        privateField = new CowIntArray(nrPages, 0);
        next = new CowIntArray(nrPages, NO_PFN);
        prev = new CowIntArray(nrPages, NO_PFN);
        pageblockMigratetype = new CowIntArray((nrPages + PAGEBLOCK_NR_PAGES - 1) >>> PAGEBLOCK_ORDER,
                initialMigratetype);
    }

    private MemMap(MemMap o) {
        nrPages = o.nrPages;
        flags = o.flags.fork();
        refcount = o.refcount.fork();
        pageType = o.pageType.fork();
        privateField = o.privateField.fork();
        next = o.next.fork();
        prev = o.prev.fork();
        pageblockMigratetype = o.pageblockMigratetype.fork();
    }

    public MemMap fork() {
        return new MemMap(this);
    }

    public int nrPages() {
        return nrPages;
    }

    public int flags(int pfn) {
        return flags.get(pfn);
    }

    public boolean test(int pfn, PageFlag f) {
        return (flags.get(pfn) & f.mask()) != 0;
    }

    public void setFlag(int pfn, PageFlag f) {
        flags.set(pfn, flags.get(pfn) | f.mask());
    }

    public void clearFlag(int pfn, PageFlag f) {
        flags.set(pfn, flags.get(pfn) & ~f.mask());
    }

    public int refcount(int pfn) {
        return refcount.get(pfn);
    }

    public void setRefcount(int pfn, int value) {
        refcount.set(pfn, value);
    }

    public int pageType(int pfn) {
        return pageType.get(pfn);
    }

    public void setPageType(int pfn, int word) {
        pageType.set(pfn, word);
    }

    /** PageBuddy: the head of a free block on a buddy free list. */
    public boolean isBuddy(int pfn) {
        return PageType.BUDDY.test(pageType.get(pfn));
    }

    /** buddy_order: page->private of a PageBuddy page. */
    public int buddyOrder(int pfn) {
        return privateField.get(pfn);
    }

    public void setPrivate(int pfn, int value) {
        privateField.set(pfn, value);
    }

    public int next(int pfn) {
        return next.get(pfn);
    }

    public int prev(int pfn) {
        return prev.get(pfn);
    }

    public void setNext(int pfn, int value) {
        next.set(pfn, value);
    }

    public void setPrev(int pfn, int value) {
        prev.set(pfn, value);
    }

    /** get_pageblock_migratetype. */
    public int pageblockMigratetype(int pfn) {
        return pageblockMigratetype.get(pfn >>> PAGEBLOCK_ORDER);
    }

    /** set_pageblock_migratetype. */
    public void setPageblockMigratetype(int pfn, int mt) {
        pageblockMigratetype.set(pfn >>> PAGEBLOCK_ORDER, mt);
    }

    /** A digest of every field of every page; two mem_maps with equal contents digest equally. */
    public long digest(long h) {
        for (CowIntArray a : new CowIntArray[] {flags, refcount, pageType, privateField, next, prev,
                pageblockMigratetype}) {
            h = a.digest(h);
        }
        return h;
    }

    /** Bytes of page state this mem_map has copied privately since it was forked. */
    public long ownedBytes() {
        long n = 0;
        for (CowIntArray a : new CowIntArray[] {flags, refcount, pageType, privateField, next, prev,
                pageblockMigratetype}) {
            n += a.ownedBytes();
        }
        return n;
    }
}
