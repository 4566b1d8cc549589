package dev.folioscope.kernel.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.pgtable.Pte;
import org.junit.jupiter.api.Test;

/** Swap slots and swap PTEs, with expectations worked out from mm/swapfile.c and pgtable_64.h by hand. */
class SwapTest {
    /**
     * A 4 MiB swap file has 1024 pages in two clusters; cluster 0 holds the header (slot 0), so a
     * sequential swap-out on one CPU takes slots 1..511 from it (nonfull list, then the CPU's
     * current cluster), then cluster 1 from the free list: 512, 513, ...
     */
    @Test
    void aSequentialSwapOutTakesSlotsInOrderAfterTheHeader() {
        SwapInfo si = new SwapInfo(1024, 1);
        assertEquals(1023, si.pages());
        for (int expected = 1; expected <= 513; expected++) {
            assertEquals(expected, si.allocSlot(0));
        }
        assertEquals("full", si.clusterList(0));
        assertEquals(1023 - 513, si.nrSwapPages());
        si.freeSlot(3);
        // the freed slot's cluster is nonfull again, but the CPU keeps to its current cluster
        assertEquals("nonfull", si.clusterList(0));
        assertEquals(514, si.allocSlot(0));
    }

    /**
     * __swp_entry(0, 1): ~1 << 14 >> 5 sets bits 10..58 (the offset stored inverted for L1TF),
     * type 0 in bits 59..63: 0x07fffffffffffc00; decoding gives back type 0, offset 1.
     */
    @Test
    void aSwapPteIsEncodedAsX86Does() {
        long pte = Pte.swpEntry(0, 1);
        assertEquals(0x07fffffffffffc00L, pte);
        assertEquals(0, Pte.swpType(pte));
        assertEquals(1, Pte.swpOffset(pte));
        assertEquals(0x07fffffffffffc08L, Pte.swpMkexclusive(pte));
    }
}
