package dev.folioscope.kernel.pagealloc;

import java.util.ArrayList;
import java.util.List;

/** mm/internal.h: the ALLOC_* flags the allocator derives from a gfp mask. */
public final class AllocFlags {
    public static final int ALLOC_WMARK_MIN = 0;
    public static final int ALLOC_WMARK_LOW = 1;
    public static final int ALLOC_WMARK_HIGH = 2;
    public static final int ALLOC_WMARK_MASK = 3;
    public static final int ALLOC_NO_WATERMARKS = 0x04;
    public static final int ALLOC_OOM = 0x08;
    public static final int ALLOC_NON_BLOCK = 0x10;
    /** Same bit as __GFP_HIGH. */
    public static final int ALLOC_MIN_RESERVE = 0x20;
    public static final int ALLOC_CPUSET = 0x40;
    public static final int ALLOC_CMA = 0x80;
    public static final int ALLOC_NOFRAGMENT = 0x100;
    public static final int ALLOC_HIGHATOMIC = 0x200;
    /** Same bit as __GFP_KSWAPD_RECLAIM. */
    public static final int ALLOC_KSWAPD = 0x800;
    public static final int ALLOC_RESERVES = ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM;

    private static final String[] WMARK = {"ALLOC_WMARK_MIN", "ALLOC_WMARK_LOW", "ALLOC_WMARK_HIGH", "ALLOC_WMARK_PROMO"};
    private static final int[] BITS = {ALLOC_NO_WATERMARKS, ALLOC_OOM, ALLOC_NON_BLOCK, ALLOC_MIN_RESERVE,
        ALLOC_CPUSET, ALLOC_CMA, ALLOC_NOFRAGMENT, ALLOC_HIGHATOMIC, ALLOC_KSWAPD};
    private static final String[] NAMES = {"ALLOC_NO_WATERMARKS", "ALLOC_OOM", "ALLOC_NON_BLOCK",
        "ALLOC_MIN_RESERVE", "ALLOC_CPUSET", "ALLOC_CMA", "ALLOC_NOFRAGMENT", "ALLOC_HIGHATOMIC", "ALLOC_KSWAPD"};

    private AllocFlags() {
    }

    /** The flags spelled out, watermark first, e.g. "ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT|ALLOC_KSWAPD". */
    public static String format(int flags) {
        List<String> parts = new ArrayList<>();
        parts.add(WMARK[flags & ALLOC_WMARK_MASK]);
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                parts.add(NAMES[i]);
            }
        }
        return String.join("|", parts);
    }
}
