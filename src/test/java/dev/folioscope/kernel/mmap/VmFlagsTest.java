package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.VmFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.debug.EventPrinter;
import dev.folioscope.kernel.trace.Field;
import dev.folioscope.kernel.trace.FieldType;
import org.junit.jupiter.api.Test;

/** vm_flags and the mman constants in the kernel's words: names, smaps mnemonics, maps permissions. */
class VmFlagsTest {
    /** A heap VMA: VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT (mm-reference §6.3: "rd wr mr mw me ac"). */
    private static final long HEAP = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;

    @Test
    void flagsPrintByNameMnemonicAndPermissions() {
        assertThat(VmFlags.format(HEAP)).isEqualTo("VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC|VM_ACCOUNT");
        assertThat(VmFlags.format(0)).isEqualTo("0");
        assertThat(VmFlags.smapsLine(HEAP)).isEqualTo("VmFlags: rd wr mr mw me ac ");
        assertThat(VmFlags.smapsLine(VM_STACK_FLAGS)).isEqualTo("VmFlags: rd wr mr mw me gd ac ");
        assertThat(VmFlags.smapsLine(VM_READ | VM_PKEY_BIT0 | VM_SEALED)).isEqualTo("VmFlags: rd sl ");
        assertThat(VmFlags.perms(HEAP)).isEqualTo("rw-p");
        assertThat(VmFlags.perms(VM_READ | VM_EXEC | VM_MAYSHARE)).isEqualTo("r-xs");
        assertThat(VmFlags.perms(VM_MAYREAD)).isEqualTo("---p");
    }

    @Test
    void mmapArgumentsBecomeVmFlags() {
        assertThat(calcVmProtBits(PROT_READ | PROT_EXEC)).isEqualTo(VM_READ | VM_EXEC);
        assertThat(calcVmFlagBits(MAP_GROWSDOWN | MAP_LOCKED | MAP_STACK, true))
                .isEqualTo(VM_GROWSDOWN | VM_LOCKED | VM_NOHUGEPAGE);
        assertThat(calcVmFlagBits(MAP_STACK, false)).isZero();
    }

    @Test
    void vmStatAccountClassesFollowMmVmaH() {
        assertThat(isExecMapping(VM_READ | VM_EXEC)).isTrue();
        assertThat(isExecMapping(VM_READ | VM_EXEC | VM_WRITE)).isFalse();
        assertThat(isStackMapping(VM_STACK_FLAGS)).isTrue();
        assertThat(isDataMapping(HEAP)).isTrue();
        assertThat(isDataMapping(HEAP | VM_SHARED)).isFalse();
    }

    @Test
    void mmanConstantsPrint() {
        assertThat(formatProt(PROT_READ | PROT_WRITE)).isEqualTo("PROT_READ|PROT_WRITE");
        assertThat(formatProt(0)).isEqualTo("PROT_NONE");
        assertThat(formatMapFlags(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)).isEqualTo("MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS");
        assertThat(formatMapFlags(MAP_SHARED)).isEqualTo("MAP_SHARED");
        assertThat(formatMremapFlags(MREMAP_MAYMOVE | MREMAP_FIXED)).isEqualTo("MREMAP_MAYMOVE|MREMAP_FIXED");
        assertThat(madviseName(MADV_DONTNEED)).isEqualTo("MADV_DONTNEED");
        assertThat(madviseName(6)).isEqualTo("madvise 6");
    }

    @Test
    void theEventPrinterUsesTheseFormatters() {
        assertThat(EventPrinter.value(new Field("f", FieldType.VM_FLAGS, null), VM_READ | VM_MAYREAD))
                .isEqualTo("VM_READ|VM_MAYREAD");
        assertThat(EventPrinter.value(new Field("p", FieldType.PROT, null), PROT_READ)).isEqualTo("PROT_READ");
        assertThat(EventPrinter.value(new Field("m", FieldType.MAP_FLAGS, null), MAP_SHARED)).isEqualTo("MAP_SHARED");
    }
}
