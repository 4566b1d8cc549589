package dev.folioscope.kernel.pgtable;

/**
 * The levels of the x86-64 page-table tree, top down, each a table of 512 entries in one 4 KiB
 * page. A level is named after the entries its tables hold: the root page is the PGD table, a PTE
 * table holds the PTEs.
 *
 * <p>Shapes depend on {@code pgtable_l5_enabled()} (parameter {@code l5}): with 5-level paging the
 * PGD entry spans 256 TiB (PGDIR_SHIFT 48) and points at a P4D table; with 4-level paging the P4D
 * level is folded into the PGD as x86 folds it at run time: PGDIR_SHIFT is 39, PTRS_PER_P4D is 1,
 * and {@code p4d_offset} returns the PGD slot itself, so the P4D entry <em>is</em> the PGD entry
 * (index 0 of a one-entry table that has no page of its own), and the PGD entry points straight
 * at a PUD table.
 */
public enum PageTableLevel {
    PGD("pgd"), P4D("p4d"), PUD("pud"), PMD("pmd"), PTE("pte");

    /** PTRS_PER_PGD, PTRS_PER_PUD, PTRS_PER_PMD, PTRS_PER_PTE, and PTRS_PER_P4D when not folded. */
    public static final int PTRS_PER_TABLE = 512;

    private final String kernelName;

    PageTableLevel(String kernelName) {
        this.kernelName = kernelName;
    }

    /** "pgd", "p4d", "pud", "pmd" or "pte", as the kernel names the entry types (pgd_t ...). */
    public String kernelName() {
        return kernelName;
    }

    // arch/x86/include/asm/pgtable_64_types.h: PGDIR_SHIFT (pgdir_shift), P4D_SHIFT, PUD_SHIFT, PMD_SHIFT.
    /** The lowest virtual-address bit of this level's index: log2 of {@link #span}. */
    public int shift(boolean l5) {
        return switch (this) {
            case PGD -> l5 ? 48 : 39;
            case P4D -> 39;
            case PUD -> 30;
            case PMD -> 21;
            case PTE -> 12;
        };
    }

    /** Entries per table: 512, but 1 for the folded P4D (ptrs_per_p4d). */
    public int entries(boolean l5) {
        return isFolded(l5) ? 1 : PTRS_PER_TABLE;
    }

    /** Whether this level has no table of its own: the P4D with 4-level paging. */
    public boolean isFolded(boolean l5) {
        return this == P4D && !l5;
    }

    /** pgd_index, p4d_index, pud_index, pmd_index, pte_index: the slot that maps {@code va}. */
    public int index(long va, boolean l5) {
        return (int) ((va >>> shift(l5)) & (entries(l5) - 1));
    }

    /** The bytes of address space one entry maps: PGDIR_SIZE, P4D_SIZE, PUD_SIZE, PMD_SIZE, PAGE_SIZE. */
    public long span(boolean l5) {
        return 1L << shift(l5);
    }
}
