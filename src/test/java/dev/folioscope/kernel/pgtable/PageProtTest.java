package dev.folioscope.kernel.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** protection_map of arch/x86/mm/pgprot.c, with the values of pgtable_types.h worked out by hand. */
class PageProtTest {
    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int EXEC = 4;
    private static final int SHARED = 8;

    @Test
    void protectionsHaveTheHeadersValues() {
        assertEquals(0x120, PageProt.PAGE_NONE); // A 0x20 | G 0x100
        assertEquals(0x8000000000000025L, PageProt.PAGE_READONLY); // P|USR|A|NX
        assertEquals(0x8000000000000025L, PageProt.PAGE_COPY);
        assertEquals(0x8000000000000025L, PageProt.PAGE_COPY_NOEXEC);
        assertEquals(0x25, PageProt.PAGE_READONLY_EXEC); // P|USR|A
        assertEquals(0x25, PageProt.PAGE_COPY_EXEC);
        assertEquals(0x8000000000000027L, PageProt.PAGE_SHARED); // P|RW|USR|A|NX
        assertEquals(0x27, PageProt.PAGE_SHARED_EXEC); // P|RW|USR|A
    }

    @Test
    void privateMappingsAreNeverWritableAndSharedOnesAreWhenVmWrite() {
        long[] expected = {
            0x120, 0x8000000000000025L, 0x8000000000000025L, 0x8000000000000025L, // -, r, w, rw
            0x25, 0x25, 0x25, 0x25, // x, rx, wx, rwx
            0x120, 0x8000000000000025L, 0x8000000000000027L, 0x8000000000000027L, // shared -, r, w, rw
            0x25, 0x25, 0x27, 0x27, // shared x, rx, wx, rwx
        };
        for (int flags = 0; flags < 16; flags++) {
            assertEquals(expected[flags], PageProt.vmGetPageProt(flags), "vm_flags " + flags);
        }
        assertEquals(PageProt.PAGE_SHARED, PageProt.vmGetPageProt(SHARED | WRITE | READ));
        assertEquals(PageProt.PAGE_COPY_EXEC, PageProt.vmGetPageProt(EXEC | WRITE));
    }

    @Test
    void otherVmFlagsAreIgnored() {
        long mayRead = 0x10; // VM_MAYREAD
        long growsDown = 0x100; // VM_GROWSDOWN
        assertEquals(PageProt.PAGE_READONLY, PageProt.vmGetPageProt(READ | mayRead | growsDown | 1L << 40));
    }
}
