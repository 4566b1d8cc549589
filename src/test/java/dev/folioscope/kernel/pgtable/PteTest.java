package dev.folioscope.kernel.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Entry encodings against values worked out by hand from arch/x86/include/asm/pgtable_types.h,
 * pgtable.h and pgtable_64.h (6.18); each hand computation is written beside its check.
 */
class PteTest {
    private static final long PFN = 0x1234;

    @Test
    void bitsSitWhereTheHeadersPutThem() {
        assertEquals(0x1, Pte.PRESENT);
        assertEquals(0x2, Pte.RW);
        assertEquals(0x4, Pte.USER);
        assertEquals(0x8, Pte.PWT);
        assertEquals(0x10, Pte.PCD);
        assertEquals(0x20, Pte.ACCESSED);
        assertEquals(0x40, Pte.DIRTY);
        assertEquals(0x80, Pte.PSE);
        assertEquals(0x100, Pte.GLOBAL);
        assertEquals(0x100, Pte.PROTNONE);
        assertEquals(0x200, Pte.SPECIAL); // _PAGE_BIT_SOFTW1 = 9
        assertEquals(0x400, Pte.UFFD_WP); // _PAGE_BIT_SOFTW2 = 10
        assertEquals(0x800, Pte.SOFT_DIRTY); // _PAGE_BIT_SOFTW3 = 11
        assertEquals(0x0400000000000000L, Pte.SAVED_DIRTY); // _PAGE_BIT_SOFTW5 = 58
        assertEquals(0x8000000000000000L, Pte.NX); // bit 63
        // PHYSICAL_PAGE_MASK: bits 12..51 = (2^52 - 1) & ~0xfff
        assertEquals(0x000ffffffffff000L, Pte.PFN_MASK);
        // _PAGE_TABLE = P|RW|USR|A|D = 1+2+4+0x20+0x40; _KERNPG_TABLE the same without USR
        assertEquals(0x67, Pte.PAGE_TABLE);
        assertEquals(0x63, Pte.KERNPG_TABLE);
        assertEquals(0x8, Pte.SWP_EXCLUSIVE); // _PAGE_PWT
        assertEquals(0x2, Pte.SWP_SOFT_DIRTY); // _PAGE_RW
        assertEquals(0x4, Pte.SWP_UFFD_WP); // _PAGE_USER
    }

    @Test
    void aTableEntryIsThePfnShiftedOrPageTable() {
        // pmd_populate: (0x42 << 12) | 0x67
        assertEquals(0x42067, Pte.mkTable(0x42));
        assertEquals(0x42, Pte.pfn(Pte.mkTable(0x42)));
    }

    @Test
    void pfnPteOrsTheShiftedPfnIntoTheProtection() {
        // PAGE_COPY = P|USR|A|NX = 0x8000000000000025; (0x1234 << 12) = 0x1234000
        long e = Pte.mk(PFN, PageProt.PAGE_COPY);
        assertEquals(0x8000000001234025L, e);
        assertEquals(PFN, Pte.pfn(e));
        assertTrue(Pte.isPresent(e));
        assertFalse(Pte.isNone(e) || Pte.isSwap(e) || Pte.isProtnone(e) || Pte.write(e) || Pte.exec(e));
        assertTrue(Pte.young(e), "user protections are born young");
        assertThrows(IllegalArgumentException.class, () -> Pte.mk(1L << 40, PageProt.PAGE_COPY));
    }

    @Test
    void aProtNoneEntryStoresItsPfnInverted() {
        // pfn_pte with PAGE_NONE (0x120, no PRESENT): ~0x1234000 & PFN_MASK = 0x000ffffffedcb000
        long e = Pte.mk(PFN, PageProt.PAGE_NONE);
        assertEquals(0x000ffffffedcb120L, e);
        assertEquals(PFN, Pte.pfn(e));
        assertTrue(Pte.isPresent(e) && Pte.isProtnone(e));
        assertFalse(Pte.isSwap(e));
    }

    @Test
    void aWriteFaultMakesTheEntryDirtyThenWritable() {
        // do_anonymous_page: maybe_mkwrite(pte_mkdirty(entry)). pte_mkdirty on a read-only entry
        // sets D (no soft-dirty: CONFIG_MEM_SOFT_DIRTY is off), then moves D to SavedDirty:
        // 0x...025 | bit 58.
        long dirtyRo = Pte.mkdirty(Pte.mk(PFN, PageProt.PAGE_COPY));
        assertEquals(0x8400000001234025L, dirtyRo);
        assertTrue(Pte.dirty(dirtyRo));
        assertEquals(0, dirtyRo & Pte.DIRTY, "no RW=0,D=1 entry: that is a shadow-stack page");
        // pte_mkwrite: RW on, SavedDirty back to D: 0x025 + RW 0x2 + D 0x40 = 0x067
        long rw = Pte.mkwrite(dirtyRo);
        assertEquals(0x8000000001234067L, rw);
        assertTrue(Pte.write(rw) && Pte.dirty(rw) && !Pte.softDirty(rw));
    }

    @Test
    void wrprotectKeepsDirtinessAsSavedDirtyAndMkwriteGivesItBack() {
        long rw = 0x8000000001234867L; // P RW USR A D SOFT_DIRTY NX
        long ro = Pte.wrprotect(rw);
        assertEquals(0x8400000001234825L, ro); // RW off, D 0x40 -> bit 58
        assertTrue(Pte.dirty(ro));
        assertFalse(Pte.write(ro));
        assertEquals(rw, Pte.mkwrite(ro));
        assertEquals(0x8000000001234825L, Pte.mkclean(ro), "mkclean drops SavedDirty too");
        assertEquals(0x8000000001234827L, Pte.mkclean(rw)); // 0x867 without D 0x40
    }

    @Test
    void youngSoftDirtyUffdWpSpecialAndExecAreSingleBits() {
        long e = Pte.mk(PFN, PageProt.PAGE_SHARED); // 0x8000000001234027
        assertEquals(0x8000000001234007L, Pte.mkold(e));
        assertEquals(e, Pte.mkyoung(Pte.mkold(e)));
        assertEquals(0x8000000001234827L, Pte.mksoftDirty(e));
        assertEquals(e, Pte.clearSoftDirty(Pte.mksoftDirty(e)));
        assertEquals(0x8000000001234227L, Pte.mkspecial(e));
        assertTrue(Pte.special(Pte.mkspecial(e)));
        assertEquals(0x0000000001234027L, Pte.mkexec(e));
        assertTrue(Pte.exec(Pte.mkexec(e)));
        // pte_mkuffd_wp = wrprotect(e | UFFD_WP): 0x027 + 0x400 - RW 0x2 = 0x425
        long wp = Pte.mkuffdWp(e);
        assertEquals(0x8000000001234425L, wp);
        assertTrue(Pte.uffdWp(wp));
        assertEquals(0x8000000001234025L, Pte.clearUffdWp(wp));
    }

    @Test
    void noneIgnoresTheAccessedAndDirtyBitsOfTheKnlErratum() {
        assertTrue(Pte.isNone(0));
        assertTrue(Pte.isNone(Pte.ACCESSED | Pte.DIRTY));
        assertFalse(Pte.isNone(Pte.PRESENT));
        assertFalse(Pte.isPresent(0) || Pte.isSwap(0));
    }

    @Test
    void mprotectToProtNoneAndBackInvertsThePfnTwiceAndKeepsDirtiness() {
        long e = Pte.mk(PFN, PageProt.PAGE_SHARED) | Pte.DIRTY; // 0x8000000001234067
        // pte_modify(e, PAGE_NONE): kept (_PAGE_CHG_MASK) pfn|A|D = 0x1234060, plus G 0x100 from
        // PAGE_NONE; entering PROT_NONE inverts the pfn field: 0x000ffffffedcb160; the old entry
        // had RW and the new has none, so D moves to SavedDirty: 0x040ffffffedcb120.
        long none = Pte.modify(e, PageProt.PAGE_NONE);
        assertEquals(0x040ffffffedcb120L, none);
        assertEquals(PFN, Pte.pfn(none));
        assertTrue(Pte.isProtnone(none) && Pte.dirty(none));
        // Back to PAGE_SHARED: pfn restored, P|RW|USR|NX added, SavedDirty back to D.
        assertEquals(e, Pte.modify(none, PageProt.PAGE_SHARED));
    }

    @Test
    void swapEntriesMatchValuesWorkedOutByHand() {
        // __swp_entry(0, 1): ~1 << 14 >>> 5 = bits 9..58 all set but bit 9: 0x07fffffffffffc00
        assertEquals(0x07fffffffffffc00L, Pte.swpEntry(0, 1));
        // __swp_entry(1, 5): bits 9..58 set but bits 9 and 11 (5 = 0b101): 0x07fffffffffff400,
        // plus type 1 at bit 59: 0x0800000000000000
        long e = Pte.swpEntry(1, 5);
        assertEquals(0x0ffffffffffff400L, e);
        assertTrue(Pte.isSwap(e));
        assertFalse(Pte.isPresent(e) || Pte.isNone(e));
        assertEquals(1, Pte.swpType(e));
        assertEquals(5, Pte.swpOffset(e));
    }

    @Test
    void swapEntriesRoundTripAndTheirFlagsLeaveTypeAndOffsetAlone() {
        long[] offsets = {0, 1, 0x1234, (1L << 32) + 7, (1L << 50) - 2};
        for (int type = 0; type < 32; type += 31) {
            for (long offset : offsets) {
                long e = Pte.swpEntry(type, offset);
                long flagged = Pte.swpMkuffdWp(Pte.swpMksoftDirty(Pte.swpMkexclusive(e)));
                assertEquals(e | 0x2 | 0x4 | 0x8, flagged);
                assertTrue(Pte.isSwap(flagged) && Pte.swpExclusive(flagged) && Pte.swpSoftDirty(flagged)
                        && Pte.swpUffdWp(flagged));
                assertEquals(type, Pte.swpType(flagged));
                assertEquals(offset, Pte.swpOffset(flagged));
                assertEquals(e, Pte.swpClearUffdWp(Pte.swpClearSoftDirty(Pte.swpClearExclusive(flagged))));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Pte.swpEntry(32, 0));
        assertThrows(IllegalArgumentException.class, () -> Pte.swpEntry(0, 1L << 50));
    }

    @Test
    void describeNamesTheSetBitsInBitOrder() {
        assertEquals("none", Pte.describe(0));
        assertEquals("P RW USR A D SOFT_DIRTY NX pfn=0x1234", Pte.describe(0x8000000001234867L));
        assertEquals("P USR A SOFT_DIRTY SAVED_DIRTY NX pfn=0x1234", Pte.describe(0x8400000001234825L));
        assertEquals("A PROTNONE pfn=0x1234", Pte.describe(Pte.mk(PFN, PageProt.PAGE_NONE)));
        assertEquals("P RW USR A D pfn=0x42", Pte.describe(Pte.mkTable(0x42)));
        assertEquals("swap type=1 offset=0x5 SOFT_DIRTY EXCLUSIVE",
                Pte.describe(Pte.swpMkexclusive(Pte.swpMksoftDirty(Pte.swpEntry(1, 5)))));
        assertEquals("P USR A NX pfn=0x1 other=0x800000000000000",
                Pte.describe(Pte.mk(1, PageProt.PAGE_COPY) | 1L << 59));
    }
}
