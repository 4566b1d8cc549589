package dev.folioscope.kernel.pagealloc;

import java.util.ArrayList;
import java.util.List;

/**
 * GFP ("get free pages") flags: the bit values of include/linux/gfp_types.h on x86-64 without
 * KASAN_HW_TAGS, the composite masks callers use, and their trace spelling.
 *
 * <p>A gfp mask is an {@code int}. It picks the highest zone an allocation may use
 * ({@link #gfpZone}), the migratetype it asks for ({@link #gfpMigratetype}) and how hard the
 * allocator may try (reserves, reclaim).
 */
public final class Gfp {
    public static final int __GFP_DMA = 0x1;
    public static final int __GFP_HIGHMEM = 0x2;
    public static final int __GFP_DMA32 = 0x4;
    public static final int __GFP_MOVABLE = 0x8;
    public static final int __GFP_RECLAIMABLE = 0x10;
    public static final int __GFP_HIGH = 0x20;
    public static final int __GFP_IO = 0x40;
    public static final int __GFP_FS = 0x80;
    public static final int __GFP_ZERO = 0x100;
    public static final int __GFP_DIRECT_RECLAIM = 0x400;
    public static final int __GFP_KSWAPD_RECLAIM = 0x800;
    public static final int __GFP_WRITE = 0x1000;
    public static final int __GFP_NOWARN = 0x2000;
    public static final int __GFP_RETRY_MAYFAIL = 0x4000;
    public static final int __GFP_NOFAIL = 0x8000;
    public static final int __GFP_NORETRY = 0x10000;
    public static final int __GFP_MEMALLOC = 0x20000;
    public static final int __GFP_COMP = 0x40000;
    public static final int __GFP_NOMEMALLOC = 0x80000;
    public static final int __GFP_HARDWALL = 0x100000;
    public static final int __GFP_THISNODE = 0x200000;
    public static final int __GFP_ACCOUNT = 0x400000;
    public static final int __GFP_ZEROTAGS = 0x800000;

    public static final int __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
    public static final int GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
    public static final int GFP_NOWAIT = __GFP_KSWAPD_RECLAIM | __GFP_NOWARN;
    public static final int GFP_NOIO = __GFP_RECLAIM;
    public static final int GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
    public static final int GFP_USER = GFP_KERNEL | __GFP_HARDWALL;
    public static final int GFP_DMA = __GFP_DMA;
    public static final int GFP_DMA32 = __GFP_DMA32;
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;
    public static final int GFP_TRANSHUGE_LIGHT =
            (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM;
    public static final int GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM;

    private record Name(int mask, String name) {
    }

    /** Most bits first, as include/trace/events/mmflags.h orders __def_gfpflag_names. */
    private static final List<Name> NAMES = List.of(
            new Name(GFP_TRANSHUGE, "GFP_TRANSHUGE"),
            new Name(GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT"),
            new Name(GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE"),
            new Name(GFP_HIGHUSER, "GFP_HIGHUSER"),
            new Name(GFP_USER, "GFP_USER"),
            new Name(GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT"),
            new Name(GFP_KERNEL, "GFP_KERNEL"),
            new Name(GFP_NOFS, "GFP_NOFS"),
            new Name(GFP_ATOMIC, "GFP_ATOMIC"),
            new Name(GFP_NOIO, "GFP_NOIO"),
            new Name(GFP_NOWAIT, "GFP_NOWAIT"),
            new Name(GFP_DMA, "GFP_DMA"),
            new Name(__GFP_HIGHMEM, "__GFP_HIGHMEM"),
            new Name(GFP_DMA32, "GFP_DMA32"),
            new Name(__GFP_HIGH, "__GFP_HIGH"),
            new Name(__GFP_IO, "__GFP_IO"),
            new Name(__GFP_FS, "__GFP_FS"),
            new Name(__GFP_NOWARN, "__GFP_NOWARN"),
            new Name(__GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL"),
            new Name(__GFP_NOFAIL, "__GFP_NOFAIL"),
            new Name(__GFP_NORETRY, "__GFP_NORETRY"),
            new Name(__GFP_COMP, "__GFP_COMP"),
            new Name(__GFP_ZERO, "__GFP_ZERO"),
            new Name(__GFP_NOMEMALLOC, "__GFP_NOMEMALLOC"),
            new Name(__GFP_MEMALLOC, "__GFP_MEMALLOC"),
            new Name(__GFP_HARDWALL, "__GFP_HARDWALL"),
            new Name(__GFP_THISNODE, "__GFP_THISNODE"),
            new Name(__GFP_RECLAIMABLE, "__GFP_RECLAIMABLE"),
            new Name(__GFP_MOVABLE, "__GFP_MOVABLE"),
            new Name(__GFP_ACCOUNT, "__GFP_ACCOUNT"),
            new Name(__GFP_WRITE, "__GFP_WRITE"),
            new Name(__GFP_RECLAIM, "__GFP_RECLAIM"),
            new Name(__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM"),
            new Name(__GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM"),
            new Name(__GFP_ZEROTAGS, "__GFP_ZEROTAGS"));

    private Gfp() {
    }

    /** Every name {@link #parse} accepts, most bits first (the web editor completes gfp masks from it). */
    public static List<String> names() {
        return NAMES.stream().map(Name::name).toList();
    }

    /** What {@link #parse} accepts, as an error message would say it. */
    public static final String EXPECTED = "names such as GFP_KERNEL, GFP_USER, GFP_HIGHUSER_MOVABLE, GFP_DMA,"
            + " GFP_DMA32, GFP_ATOMIC or __GFP_* joined by |";

    /** A word of a gfp mask that names no flag. */
    public static final class UnknownFlagException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String word;

        UnknownFlagException(String word) {
            super("unknown gfp flag '" + word + "', expected " + EXPECTED);
            this.word = word;
        }

        /** The unknown word, stripped of blanks. */
        public String word() {
            return word;
        }
    }

    /**
     * Parses a mask written as in C: names joined by {@code |}, e.g. {@code GFP_KERNEL | __GFP_ZERO}.
     *
     * @throws UnknownFlagException naming the first unknown word
     */
    public static int parse(String text) {
        int mask = 0;
        for (String word : text.split("\\|", -1)) {
            String w = word.strip();
            mask |= NAMES.stream().filter(n -> n.name.equals(w)).findFirst()
                    .orElseThrow(() -> new UnknownFlagException(w)).mask;
        }
        return mask;
    }

    /** The trace spelling of a mask (show_gfp_flags): greedy by table order, "none" for 0. */
    public static String format(int gfp) {
        if (gfp == 0) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        int rest = gfp;
        for (Name n : NAMES) {
            if ((rest & n.mask) == n.mask) {
                parts.add(n.name);
                rest &= ~n.mask;
            }
        }
        if (rest != 0) {
            parts.add("0x" + Integer.toHexString(rest));
        }
        return String.join("|", parts);
    }

    /**
     * The highest zone index an allocation may use (include/linux/gfp.h: gfp_zone), for x86-64
     * without HIGHMEM: DMA, DMA32, Normal, or Movable for movable highmem requests.
     */
    public static int gfpZone(int gfp) {
        if ((gfp & __GFP_DMA) != 0) {
            return 0;
        }
        if ((gfp & __GFP_DMA32) != 0) {
            return 1;
        }
        int movableHigh = __GFP_MOVABLE | __GFP_HIGHMEM;
        return (gfp & movableHigh) == movableHigh ? 3 : 2;
    }

    /** include/linux/gfp.h: gfp_migratetype — Movable 1, Reclaimable 2, otherwise Unmovable 0. */
    public static int gfpMigratetype(int gfp) {
        return (gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) >>> 3;
    }

    /**
     * Whether both __GFP_MOVABLE and __GFP_RECLAIMABLE are set: gfp_migratetype would name
     * MIGRATE_HIGHATOMIC, which the kernel warns about (GFP_MOVABLE_MASK misuse).
     */
    public static boolean hasConflictingMigratetypes(int gfp) {
        return (gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) == (__GFP_MOVABLE | __GFP_RECLAIMABLE);
    }

    /**
     * Whether more than one of DMA, DMA32 and HIGHMEM is set: the combinations that
     * include/linux/gfp.h's GFP_ZONE_BAD table turns into a BUG in gfp_zone.
     */
    public static boolean hasConflictingZoneModifiers(int gfp) {
        return Integer.bitCount(gfp & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM)) > 1;
    }
}
