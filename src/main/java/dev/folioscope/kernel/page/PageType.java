package dev.folioscope.kernel.page;

/**
 * include/linux/page-flags.h: enum pagetype. A page type lives in the top byte of the word that
 * otherwise holds {@code _mapcount}; {@link #NONE} (all ones) is both "no type" and mapcount -1.
 */
public enum PageType {
    BUDDY(0xf0), OFFLINE(0xf1), TABLE(0xf2), GUARD(0xf3), HUGETLB(0xf4), SLAB(0xf5), ZSMALLOC(0xf6),
    UNACCEPTED(0xf7);

    /** The page_type word of a page that has no type and is not mapped. */
    public static final int NONE = 0xffffffff;

    private final int value;

    PageType(int value) {
        this.value = value;
    }

    /** The page_type word with this type set (__SetPage##name). */
    public int word() {
        return value << 24;
    }

    /** Whether {@code pageTypeWord} carries this type (page_has_type + the type byte). */
    public boolean test(int pageTypeWord) {
        return (pageTypeWord >>> 24) == value;
    }

    /**
     * page_has_type: whether the word holds a type rather than a mapcount (a type byte 0xf0 to
     * 0xfe; 0xff is a mapcount of -1 or less, i.e. unmapped).
     */
    public static boolean isTyped(int pageTypeWord) {
        int top = pageTypeWord >>> 24;
        return top >= 0xf0 && top < 0xff;
    }

    public String traceName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
