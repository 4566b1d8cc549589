package dev.folioscope.kernel.page;

import dev.folioscope.kernel.base.CowIntArray;
import dev.folioscope.kernel.base.KernelState;
import java.util.function.UnaryOperator;

/**
 * mem_map: the struct page array, stored as one primitive array per field and indexed by pfn, so
 * that a machine of 16 M pages fits a small heap and forks cheaply (see {@link CowIntArray}).
 *
 * <p>A mem_map is writable, or a snapshot ({@link #snapshot()}) whose every write throws: the
 * form in which a checkpoint keeps page state, readable and forkable by many threads at once.
 *
 * <p>Field meanings follow struct page: {@code flags} (PG_* bits), {@code _refcount},
 * {@code page_type} (the word shared with {@code _mapcount}), {@code private} (the buddy order of a
 * free block's head), the list links as pfns (-1 for none: one union in struct page, threading
 * buddy_list, pcp_list or lru, a page being on one list at most), {@code mapping} and
 * {@code index}. The pageblock flags (migratetype) are kept per pageblock of
 * {@value #PAGEBLOCK_ORDER} order.
 *
 * <p>{@code mapping} is a number, not a pointer: an anonymous folio's is its anon_vma's id with
 * bit 0 set (PAGE_MAPPING_ANON), a page-cache folio's is its file's id shifted left by one, 0 is
 * none. {@code index} is a long (anonymous folios are indexed by virtual page, up to 2^45),
 * stored as two int halves.
 */
public final class MemMap implements KernelState<MemMap> {
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
    private final CowIntArray mapping;
    private final CowIntArray indexLow;
    private final CowIntArray indexHigh;

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
        mapping = new CowIntArray(nrPages, 0);
        indexLow = new CowIntArray(nrPages, 0);
        indexHigh = new CowIntArray(nrPages, 0);
    }

    private MemMap(MemMap o, UnaryOperator<CowIntArray> copy) {
        nrPages = o.nrPages;
        flags = copy.apply(o.flags);
        refcount = copy.apply(o.refcount);
        pageType = copy.apply(o.pageType);
        privateField = copy.apply(o.privateField);
        next = copy.apply(o.next);
        prev = copy.apply(o.prev);
        pageblockMigratetype = copy.apply(o.pageblockMigratetype);
        mapping = copy.apply(o.mapping);
        indexLow = copy.apply(o.indexLow);
        indexHigh = copy.apply(o.indexHigh);
    }

    /**
     * A writable copy (see {@link CowIntArray#fork()}).
     *
     * <p>Context: on a snapshot, any thread, and the snapshot is not written; on a writable
     * mem_map, its owner thread.
     */
    @Override
    public MemMap fork() {
        return new MemMap(this, CowIntArray::fork);
    }

    /**
     * A read-only copy of the page state as it is now; this mem_map stays writable. O(1) time and
     * memory: later writes here copy what they change.
     *
     * <p>Context: as {@link #fork()}.
     */
    @Override
    public MemMap snapshot() {
        return flags.isReadOnly() ? this : new MemMap(this, CowIntArray::snapshot);
    }

    /** Whether this is a snapshot, which refuses writes. */
    public boolean isReadOnly() {
        return flags.isReadOnly();
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

    /** Clears every flag of {@code mask}. */
    public void clearFlags(int pfn, int mask) {
        flags.set(pfn, flags.get(pfn) & ~mask);
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

    /** page->private: the buddy order of a free block, folio->swap of a folio in the swap cache. */
    public int privateField(int pfn) {
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

    /**
     * folio_mapcount of a small folio: _mapcount + 1, 0 when the word holds a page type (a page
     * table, a free block).
     */
    public int mapcount(int pfn) {
        int word = pageType.get(pfn);
        return PageType.isTyped(word) ? 0 : word + 1;
    }

    /** Sets _mapcount so that {@link #mapcount} is {@code n} (0 leaves the word "untyped", -1). */
    public void setMapcount(int pfn, int n) {
        pageType.set(pfn, n - 1);
    }

    /** page->mapping as this model numbers it (see the class comment). */
    public int mapping(int pfn) {
        return mapping.get(pfn);
    }

    public void setMapping(int pfn, int value) {
        mapping.set(pfn, value);
    }

    /** folio_test_anon: mapping has PAGE_MAPPING_ANON. */
    public boolean isAnon(int pfn) {
        return (mapping.get(pfn) & 1) != 0;
    }

    /** page->index: the page offset in its file, or the virtual page of an anonymous folio. */
    public long index(int pfn) {
        return (long) indexHigh.get(pfn) << 32 | indexLow.get(pfn) & 0xffffffffL;
    }

    public void setIndex(int pfn, long value) {
        indexLow.set(pfn, (int) value);
        indexHigh.set(pfn, (int) (value >>> 32));
    }

    /** get_pageblock_migratetype. */
    public int pageblockMigratetype(int pfn) {
        return pageblockMigratetype.get(pfn >>> PAGEBLOCK_ORDER);
    }

    /** set_pageblock_migratetype. */
    public void setPageblockMigratetype(int pfn, int mt) {
        pageblockMigratetype.set(pfn >>> PAGEBLOCK_ORDER, mt);
    }

    private CowIntArray[] fields() {
        return new CowIntArray[] {flags, refcount, pageType, privateField, next, prev, pageblockMigratetype, mapping,
            indexLow, indexHigh};
    }

    /** A digest of every field of every page; two mem_maps with equal contents digest equally. */
    @Override
    public long digest(long h) {
        for (CowIntArray a : fields()) {
            h = a.digest(h);
        }
        return h;
    }

    /**
     * Bytes of page state this mem_map holds that {@code older}, an earlier snapshot of the same
     * mem_map's history, does not share; all of it when {@code older} is null (see
     * {@link CowIntArray#bytesNotIn}).
     */
    @Override
    public long bytesNotIn(MemMap older) {
        CowIntArray[] mine = fields();
        CowIntArray[] theirs = older == null ? null : older.fields();
        long n = 0;
        for (int i = 0; i < mine.length; i++) {
            n += mine[i].bytesNotIn(theirs == null ? null : theirs[i]);
        }
        return n;
    }
}
