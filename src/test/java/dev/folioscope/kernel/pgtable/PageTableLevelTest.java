package dev.folioscope.kernel.pgtable;

import static dev.folioscope.kernel.pgtable.PageTableLevel.P4D;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PGD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PMD;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PTE;
import static dev.folioscope.kernel.pgtable.PageTableLevel.PUD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shifts and sizes of pgtable_64_types.h, for pgdir_shift 39 (4-level) and 48 (5-level). */
class PageTableLevelTest {
    @Test
    void spansAreThoseOfTheKernel() {
        assertEquals(512L << 30, PGD.span(false)); // PGDIR_SIZE, 4-level: 512 GiB
        assertEquals(256L << 40, PGD.span(true)); // PGDIR_SIZE, 5-level: 256 TiB
        assertEquals(512L << 30, P4D.span(true));
        assertEquals(1L << 30, PUD.span(false));
        assertEquals(2L << 20, PMD.span(true));
        assertEquals(4096, PTE.span(false));
    }

    @Test
    void theP4dIsFoldedWithFourLevels() {
        assertTrue(P4D.isFolded(false));
        assertFalse(P4D.isFolded(true) || PGD.isFolded(false));
        assertEquals(1, P4D.entries(false));
        assertEquals(512, P4D.entries(true));
        assertEquals(0, P4D.index(0x00007ffffffff000L, false), "one entry: index 0");
    }

    @Test
    void indicesTakeNineBitsEach() {
        long stackTop = 0x00007fffffffe000L; // 4-level: bits 47..39 = 255, 38..30 = 511, 29..21 = 511, 20..12 = 510
        assertEquals(255, PGD.index(stackTop, false));
        assertEquals(511, PUD.index(stackTop, false));
        assertEquals(511, PMD.index(stackTop, false));
        assertEquals(510, PTE.index(stackTop, false));
        long high = 0x00fffffffffff000L; // 5-level: bits 56..48 = 0xff, 47..39 = 511
        assertEquals(255, PGD.index(high, true));
        assertEquals(511, P4D.index(high, true));
        assertEquals(0, PGD.index(stackTop, true));
        assertEquals("p4d", P4D.kernelName());
    }
}
