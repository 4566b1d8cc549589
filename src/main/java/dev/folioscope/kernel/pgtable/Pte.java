package dev.folioscope.kernel.pgtable;

/**
 * An x86-64 page-table entry as a bare {@code long}, with the helpers the generic mm code calls on
 * it. The bit values are those of the hardware format, so a table's contents read like a real
 * kernel's: the same value at the same slot.
 *
 * <p>Configuration modelled: 4 KiB pages, an NX-capable CPU ({@code __supported_pte_mask} keeps
 * every bit), {@code CONFIG_MEM_SOFT_DIRTY} off as on the development machines (the soft-dirty
 * bits exist, and the helpers that set them, but dirtying does not set them) and
 * {@code CONFIG_HAVE_ARCH_USERFAULTFD_WP=y}, no memory encryption
 * ({@code _PAGE_ENC} = 0), no protection keys, no shadow stacks and no page-table isolation.
 * Without shadow stacks, {@code pte_write} is the RW bit; the kernel still keeps a read-only entry
 * from having D set (6.x "SavedDirty", below) whether or not the CPU has shadow stacks.
 *
 * <p>Helpers that the kernel defines only for present entries ({@link #dirty}, {@link #young} ...)
 * give meaningless answers on a swap entry, as in the kernel; swap entries have their own
 * {@code swp*} helpers.
 */
public final class Pte {
    // arch/x86/include/asm/pgtable_types.h: _PAGE_BIT_* and the _PAGE_* masks built from them.
    public static final long PRESENT = 1L << 0;
    public static final long RW = 1L << 1;
    public static final long USER = 1L << 2;
    public static final long PWT = 1L << 3;
    public static final long PCD = 1L << 4;
    public static final long ACCESSED = 1L << 5;
    public static final long DIRTY = 1L << 6;
    /** PSE in a PMD or PUD entry (a huge leaf); the same bit is PAT in a 4 KiB PTE. */
    public static final long PSE = 1L << 7;
    public static final long GLOBAL = 1L << 8;
    /** _PAGE_SOFTW1: no struct page behind the pfn to refcount (zero page, PFN maps). */
    public static final long SPECIAL = 1L << 9;
    /** _PAGE_SOFTW2: write-protected by userfaultfd. */
    public static final long UFFD_WP = 1L << 10;
    /** _PAGE_SOFTW3: written since /proc/PID/clear_refs last cleared it. */
    public static final long SOFT_DIRTY = 1L << 11;
    /** _PAGE_SOFTW5: the D bit of a read-only entry, moved aside so that no entry is RW=0,D=1. */
    public static final long SAVED_DIRTY = 1L << 58;
    public static final long NX = 1L << 63;
    /** _PAGE_PROTNONE: in an entry without PRESENT, the GLOBAL bit means "mapped PROT_NONE". */
    public static final long PROTNONE = GLOBAL;

    /** PTE_PFN_MASK: physical address bits 12..51 (__PHYSICAL_MASK_SHIFT = 52). */
    public static final long PFN_MASK = ((1L << 52) - 1) & ~((1L << 12) - 1);
    private static final int PAGE_SHIFT = 12;
    private static final long MAX_PFN = 1L << (52 - PAGE_SHIFT);
    /** _PAGE_KNL_ERRATUM_MASK: A and D may be set by a CPU erratum in an otherwise empty entry. */
    private static final long KNL_ERRATUM_MASK = DIRTY | ACCESSED;
    private static final long DIRTY_BITS = DIRTY | SAVED_DIRTY;
    /** _PAGE_CHG_MASK: what pte_modify keeps of the old entry (_PAGE_CC is 0, _PAGE_PAT is bit 7). */
    private static final long CHG_MASK = PFN_MASK | PCD | PWT | SPECIAL | ACCESSED | DIRTY_BITS | SOFT_DIRTY
            | UFFD_WP | PSE;

    /** _PAGE_TABLE: how pmd_populate, pud_populate, p4d_populate and pgd_populate point at a user table. */
    public static final long PAGE_TABLE = PRESENT | RW | USER | ACCESSED | DIRTY;
    /** _KERNPG_TABLE: the same for a kernel table (no USER). */
    public static final long KERNPG_TABLE = PRESENT | RW | ACCESSED | DIRTY;

    // arch/x86/include/asm/pgtable_64.h: __swp_entry, __swp_type, __swp_offset.
    private static final int SWP_TYPE_BITS = 5;
    /** SWP_OFFSET_FIRST_BIT: above _PAGE_BIT_PROTNONE, so that no swap entry looks PROT_NONE. */
    private static final int SWP_OFFSET_FIRST_BIT = 9;
    private static final int SWP_OFFSET_SHIFT = SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS;
    /** Offsets fit the 50 bits between bit 9 and the type field at bit 59. */
    private static final long SWP_OFFSET_LIMIT = 1L << (64 - SWP_TYPE_BITS - SWP_OFFSET_FIRST_BIT);
    /** _PAGE_SWP_EXCLUSIVE (pgtable_64_types.h): PG_anon_exclusive of the page that was swapped out. */
    public static final long SWP_EXCLUSIVE = PWT;
    /** _PAGE_SWP_SOFT_DIRTY: soft-dirty kept across swap-out and migration. */
    public static final long SWP_SOFT_DIRTY = RW;
    /** _PAGE_SWP_UFFD_WP: uffd write-protection kept across swap-out. */
    public static final long SWP_UFFD_WP = USER;

    private Pte() {
    }

    /**
     * pfn_pte: an entry mapping {@code pfn} with protection {@code pgprot}. A PROT_NONE entry
     * (pgprot non-zero without PRESENT) stores its pfn inverted, as the L1TF mitigation does, so
     * that a speculative walk of it points at no real memory; {@link #pfn} undoes that.
     *
     * @throws IllegalArgumentException for a pfn outside the 40-bit field
     */
    public static long mk(long pfn, long pgprot) {
        if (pfn < 0 || pfn >= MAX_PFN) {
            throw new IllegalArgumentException("pfn 0x" + Long.toHexString(pfn) + " does not fit 40 bits");
        }
        return (((pfn << PAGE_SHIFT) ^ protnoneMask(pgprot)) & PFN_MASK) | pgprot;
    }

    /** pte_pfn: the pfn of a present (or PROT_NONE) entry, or of a table entry. */
    public static long pfn(long e) {
        return ((e ^ protnoneMask(e)) & PFN_MASK) >>> PAGE_SHIFT;
    }

    /** protnone_mask (pgtable-invert.h): all ones for a non-zero entry without PRESENT. */
    private static long protnoneMask(long e) {
        return e != 0 && (e & PRESENT) == 0 ? ~0L : 0;
    }

    /** pmd_populate / pud_populate / p4d_populate / pgd_populate: an entry pointing at a user table. */
    public static long mkTable(int tablePfn) {
        return mk(tablePfn, PAGE_TABLE);
    }

    /** pte_none: nothing mapped, never was or was zapped (A and D alone still count as none). */
    public static boolean isNone(long e) {
        return (e & ~KNL_ERRATUM_MASK) == 0;
    }

    /** pte_present: mapped, including PROT_NONE mappings, which the CPU sees as not present. */
    public static boolean isPresent(long e) {
        return (e & (PRESENT | PROTNONE)) != 0;
    }

    /** pte_protnone: mapped PROT_NONE (or made so by NUMA balancing). */
    public static boolean isProtnone(long e) {
        return (e & (PRESENT | PROTNONE)) == PROTNONE;
    }

    /**
     * is_swap_pte: neither none nor present, so the entry holds a swap-format value: a swap slot,
     * or one of the special types above the swap files (migration, hwpoison, PTE marker).
     */
    public static boolean isSwap(long e) {
        return !isNone(e) && !isPresent(e);
    }

    /** pte_write, for a kernel without shadow stacks. */
    public static boolean write(long e) {
        return (e & RW) != 0;
    }

    /** pte_dirty: either the hardware bit or the one saved aside by {@link #wrprotect}. */
    public static boolean dirty(long e) {
        return (e & DIRTY_BITS) != 0;
    }

    /** pte_young. */
    public static boolean young(long e) {
        return (e & ACCESSED) != 0;
    }

    /** pte_exec. */
    public static boolean exec(long e) {
        return (e & NX) == 0;
    }

    /** pte_special. */
    public static boolean special(long e) {
        return (e & SPECIAL) != 0;
    }

    /** pte_soft_dirty. */
    public static boolean softDirty(long e) {
        return (e & SOFT_DIRTY) != 0;
    }

    /** pte_uffd_wp. */
    public static boolean uffdWp(long e) {
        return (e & UFFD_WP) != 0;
    }

    /** pte_mkyoung. */
    public static long mkyoung(long e) {
        return e | ACCESSED;
    }

    /** pte_mkold. */
    public static long mkold(long e) {
        return e & ~ACCESSED;
    }

    /**
     * pte_mkdirty: sets D (and soft-dirty on a kernel built with CONFIG_MEM_SOFT_DIRTY, which the
     * development machines' is not: their VMAs show no "sd", so neither does this); on a read-only
     * entry D goes to SavedDirty at once, since RW=0,D=1 is how the hardware marks a shadow-stack
     * page.
     */
    public static long mkdirty(long e) {
        return mksaveddirty(e | DIRTY);
    }

    /** pte_mkclean: clears D and SavedDirty. */
    public static long mkclean(long e) {
        return e & ~DIRTY_BITS;
    }

    /** pte_wrprotect: clears RW, and moves D to SavedDirty for the reason given at {@link #mkdirty}. */
    public static long wrprotect(long e) {
        return mksaveddirty(e & ~RW);
    }

    /**
     * pte_mkwrite for a VMA without VM_SHADOW_STACK (arch/x86/mm/pgtable.c): sets RW and moves a
     * SavedDirty back to D.
     */
    public static long mkwrite(long e) {
        return clearSaveddirty(e | RW);
    }

    /** pte_mkexec. */
    public static long mkexec(long e) {
        return e & ~NX;
    }

    /** pte_mkspecial. */
    public static long mkspecial(long e) {
        return e | SPECIAL;
    }

    /** pte_mksoft_dirty. */
    public static long mksoftDirty(long e) {
        return e | SOFT_DIRTY;
    }

    /** pte_clear_soft_dirty. */
    public static long clearSoftDirty(long e) {
        return e & ~SOFT_DIRTY;
    }

    /** pte_mkuffd_wp: marks and write-protects. */
    public static long mkuffdWp(long e) {
        return wrprotect(e | UFFD_WP);
    }

    /** pte_clear_uffd_wp: unmarks only; making the entry writable again is the caller's choice. */
    public static long clearUffdWp(long e) {
        return e & ~UFFD_WP;
    }

    /**
     * pte_modify (mprotect's change_pte_range): keeps the pfn, caching, special, accessed, dirty,
     * soft-dirty and uffd-wp bits, takes the rest from {@code newprot}. The pfn is inverted or
     * restored when the entry enters or leaves PROT_NONE; a Dirty entry losing RW keeps its
     * dirtiness as SavedDirty.
     */
    public static long modify(long e, long newprot) {
        long val = (e & CHG_MASK) | (newprot & ~CHG_MASK);
        // flip_protnone_guard
        if ((protnoneMask(e) != 0) != (protnoneMask(val) != 0)) {
            val ^= PFN_MASK;
        }
        return (e & RW) != 0 ? mksaveddirty(val) : clearSaveddirty(val);
    }

    /** mksaveddirty_shift: on an entry without RW, D moves to SavedDirty. */
    private static long mksaveddirty(long e) {
        return (e & RW) == 0 && (e & DIRTY) != 0 ? (e & ~DIRTY) | SAVED_DIRTY : e;
    }

    /** clear_saveddirty_shift: on an entry with RW, SavedDirty moves back to D. */
    private static long clearSaveddirty(long e) {
        return (e & RW) != 0 && (e & SAVED_DIRTY) != 0 ? (e & ~SAVED_DIRTY) | DIRTY : e;
    }

    /**
     * __swp_entry + __swp_entry_to_pte: a non-present entry for swap slot {@code offset} of swap
     * type {@code type}. The type takes bits 59..63; the offset is stored inverted in bits 9..58,
     * so that the entry, read as a physical address by a speculating CPU, points above memory
     * (L1TF).
     *
     * @throws IllegalArgumentException for a type outside 0..31 or an offset outside 50 bits
     */
    public static long swpEntry(int type, long offset) {
        if (type < 0 || type >= 1 << SWP_TYPE_BITS) {
            throw new IllegalArgumentException("swap type " + type + " is outside 0.." + ((1 << SWP_TYPE_BITS) - 1));
        }
        if (offset < 0 || offset >= SWP_OFFSET_LIMIT) {
            throw new IllegalArgumentException("swap offset 0x" + Long.toHexString(offset) + " does not fit 50 bits");
        }
        return (~offset << SWP_OFFSET_SHIFT >>> SWP_TYPE_BITS) | ((long) type << (64 - SWP_TYPE_BITS));
    }

    /** __swp_type of a swap entry; the flag bits below bit 9 do not reach it. */
    public static int swpType(long e) {
        return (int) (e >>> (64 - SWP_TYPE_BITS));
    }

    /** __swp_offset of a swap entry. */
    public static long swpOffset(long e) {
        return ~e << SWP_TYPE_BITS >>> SWP_OFFSET_SHIFT;
    }

    /** pte_swp_exclusive. */
    public static boolean swpExclusive(long e) {
        return (e & SWP_EXCLUSIVE) != 0;
    }

    /** pte_swp_mkexclusive. */
    public static long swpMkexclusive(long e) {
        return e | SWP_EXCLUSIVE;
    }

    /** pte_swp_clear_exclusive. */
    public static long swpClearExclusive(long e) {
        return e & ~SWP_EXCLUSIVE;
    }

    /** pte_swp_soft_dirty. */
    public static boolean swpSoftDirty(long e) {
        return (e & SWP_SOFT_DIRTY) != 0;
    }

    /** pte_swp_mksoft_dirty. */
    public static long swpMksoftDirty(long e) {
        return e | SWP_SOFT_DIRTY;
    }

    /** pte_swp_clear_soft_dirty. */
    public static long swpClearSoftDirty(long e) {
        return e & ~SWP_SOFT_DIRTY;
    }

    /** pte_swp_uffd_wp. */
    public static boolean swpUffdWp(long e) {
        return (e & SWP_UFFD_WP) != 0;
    }

    /** pte_swp_mkuffd_wp. */
    public static long swpMkuffdWp(long e) {
        return e | SWP_UFFD_WP;
    }

    /** pte_swp_clear_uffd_wp. */
    public static long swpClearUffdWp(long e) {
        return e & ~SWP_UFFD_WP;
    }

    private static final long[] PRESENT_BITS = {PRESENT, RW, USER, PWT, PCD, ACCESSED, DIRTY, PSE, GLOBAL,
        SPECIAL, UFFD_WP, SOFT_DIRTY, SAVED_DIRTY, NX};
    private static final String[] PRESENT_NAMES = {"P", "RW", "USR", "PWT", "PCD", "A", "D", "PSE", "G",
        "SPECIAL", "UFFD_WP", "SOFT_DIRTY", "SAVED_DIRTY", "NX"};
    private static final long[] SWAP_BITS = {SWP_SOFT_DIRTY, SWP_UFFD_WP, SWP_EXCLUSIVE};
    private static final String[] SWAP_NAMES = {"SOFT_DIRTY", "UFFD_WP", "EXCLUSIVE"};
    private static final long SWAP_FIELDS = ~((1L << SWP_OFFSET_FIRST_BIT) - 1);

    /**
     * The entry decoded for display, in one of three forms:
     * <ul>
     *   <li>{@code none} for a {@link #isNone none} entry;
     *   <li>for a present entry, the names of its set bits in bit order, then its pfn: e.g.
     *       {@code P RW USR A D SOFT_DIRTY NX pfn=0x1234}. The names are the kernel's short ones
     *       (__PP, __RW, _USR, ___A, ___D, ___G, __NX; the software bits by their _PAGE_ name);
     *       a PROT_NONE entry shows {@code PROTNONE} where G would be, and its pfn un-inverted;
     *   <li>for a swap entry, {@code swap type=1 offset=0x5} followed by the names of its set
     *       flags ({@code SOFT_DIRTY UFFD_WP EXCLUSIVE}).
     * </ul>
     * Bits that have no name here (protection keys, bits 52..57, or stray bits of a swap entry)
     * are shown last as {@code other=0x...}, so that no set bit goes unseen.
     */
    public static String describe(long e) {
        if (isNone(e)) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        long named;
        if (isPresent(e)) {
            named = PFN_MASK;
            for (int i = 0; i < PRESENT_BITS.length; i++) {
                if ((e & PRESENT_BITS[i]) != 0) {
                    named |= PRESENT_BITS[i];
                    boolean protnone = PRESENT_BITS[i] == GLOBAL && (e & PRESENT) == 0;
                    sb.append(protnone ? "PROTNONE" : PRESENT_NAMES[i]).append(' ');
                }
            }
            sb.append("pfn=0x").append(Long.toHexString(pfn(e)));
        } else {
            named = SWAP_FIELDS;
            sb.append("swap type=").append(swpType(e)).append(" offset=0x").append(Long.toHexString(swpOffset(e)));
            for (int i = 0; i < SWAP_BITS.length; i++) {
                if ((e & SWAP_BITS[i]) != 0) {
                    named |= SWAP_BITS[i];
                    sb.append(' ').append(SWAP_NAMES[i]);
                }
            }
        }
        if ((e & ~named) != 0) {
            sb.append(" other=0x").append(Long.toHexString(e & ~named));
        }
        return sb.toString();
    }
}
