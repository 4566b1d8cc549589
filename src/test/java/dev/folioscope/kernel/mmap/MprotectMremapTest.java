package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.MmFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.trace.Errno;
import org.junit.jupiter.api.Test;

/** mprotect(2) (mm/mprotect.c: do_mprotect_pkey, mprotect_fixup) and mremap(2) (mm/mremap.c). */
class MprotectMremapTest {
    @Test
    void mprotectErrors() {
        MmFixture f = new MmFixture().window();
        f.mapFixed(16, 4, RW);
        f.mapFixed(24, 4, RW);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16) + 1, PS, PROT_READ)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), 0, PROT_READ)).isZero();
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), PS, 0x10)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), PS, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP))
                .isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), PS, PROT_READ | PROT_GROWSDOWN)).isEqualTo(-Errno.EINVAL);
        // The window outside the reservation: no VMA at all.
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(2000), PS, PROT_READ)).isEqualTo(-Errno.ENOMEM);
        // A hole (20-24 is the reservation, PROT_NONE: fine; unmap it to make a hole).
        assertThat(f.sys.munmap(f.mm, f.at(20), 4 * PS)).isZero();
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), 12 * PS, PROT_READ)).isEqualTo(-Errno.ENOMEM);
        // The part before the hole was changed all the same.
        assertThat(f.dump()).containsExactly("vma 16-20 r--p", "vma 24-28 rw-p");
        f.check();
    }

    @Test
    void aReadOnlySharedFileMappingCannotBecomeWritable() {
        MmFixture f = new MmFixture().window();
        MappedFile file = MappedFile.readOnly(3, 16);
        f.sys.mmap(f.mm, f.task, f.at(16), 4 * PS, PROT_READ, MAP_SHARED | MAP_FIXED, file, 0);
        // newflags & ~(newflags >> 4): VM_WRITE without VM_MAYWRITE.
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), PS, RW)).isEqualTo(-Errno.EACCES);
        // A private mapping of it may: copy-on-write.
        f.sys.mmap(f.mm, f.task, f.at(32), 4 * PS, PROT_READ, MAP_PRIVATE | MAP_FIXED, file, 0);
        long before = f.state.committedAs();
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(32), 2 * PS, RW)).isZero();
        // mprotect_fixup: a private mapping becoming writable is charged and gets VM_ACCOUNT.
        assertThat(f.state.committedAs()).isEqualTo(before + 2);
        assertThat(f.mm.vmaLookup(f.at(32)).flags() & VmFlags.VM_ACCOUNT).isNotZero();
        assertThat(f.dump()).containsExactly("vma 16-20 r--s", "vma 32-34 rw-p", "vma 34-36 r--p");
        assertThat(f.pages.take()).contains("change_protection #" + f.mm.vmaLookup(f.at(32)).id() + " 0x"
                + Long.toHexString(f.at(32)) + "-0x" + Long.toHexString(f.at(34)) + " rw-p");
        f.check();
    }

    @Test
    void anUnfaultedAnonymousRangeMadeReadOnlyGivesItsChargeBack() {
        MmFixture f = new MmFixture().window();
        f.mapFixed(16, 8, RW);
        long before = f.state.committedAs();
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(20), 4 * PS, PROT_READ)).isZero();
        assertThat(f.state.committedAs()).isEqualTo(before - 4);
        assertThat(f.mm.vmaLookup(f.at(20)).flags() & VmFlags.VM_ACCOUNT).isZero();
        // Writable again: charged again.
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(20), 4 * PS, RW)).isZero();
        assertThat(f.state.committedAs()).isEqualTo(before);
        assertThat(f.dump()).containsExactly("vma 16-24 rw-p");
        // Faulted: read-only keeps VM_ACCOUNT and the charge.
        f.touch(16);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(20), 4 * PS, PROT_READ)).isZero();
        assertThat(f.state.committedAs()).isEqualTo(before);
        f.check();
    }

    @Test
    void overcommitNeverCanRefuseMakingAMappingWritable() {
        MmFixture f = new MmFixture(TaskLimits.USER).window();
        f.state.setOvercommitMemory(OVERCOMMIT_NEVER);
        f.pages.totalram = 1000;
        f.mapFixed(16, 8, PROT_READ);
        // limit: 1000 * 50% = 500, less the 2048-page admin reserve: below zero.
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), 8 * PS, RW)).isEqualTo(-Errno.ENOMEM);
        assertThat(f.dump()).containsExactly("vma 16-24 r--p");
        assertThat(f.state.committedAs()).isZero();
    }

    @Test
    void mremapErrors() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 4, RW);
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 8 * PS, 8, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mremap(f.mm, f.task, a + 1, 4 * PS, 8 * PS, 0, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 0, 0, 0)).isEqualTo(-Errno.EINVAL);
        // MREMAP_FIXED needs MREMAP_MAYMOVE; the target may not overlap the source.
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 4 * PS, MREMAP_FIXED, f.at(100))).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 4 * PS, MREMAP_FIXED | MREMAP_MAYMOVE, f.at(18)))
                .isEqualTo(-Errno.EINVAL);
        // No VMA at addr; a range past the VMA's end.
        assertThat(f.sys.mremap(f.mm, f.task, f.at(2000), PS, 2 * PS, 0, 0)).isEqualTo(-Errno.EFAULT);
        assertThat(f.sys.mremap(f.mm, f.task, a, 8 * PS, 9 * PS, 0, 0)).isEqualTo(-Errno.EFAULT);
        // In place is blocked by the reservation after it; no MREMAP_MAYMOVE.
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 8 * PS, 0, 0)).isEqualTo(-Errno.ENOMEM);
        // Same size: nothing to do.
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 4 * PS, 0, 0)).isEqualTo(a);
        assertThat(f.dump()).containsExactly("vma 16-20 rw-p");
    }

    @Test
    void growingWithMaymoveMovesToAFreeArea() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 4, RW);
        f.touch(16);
        long committed = f.state.committedAs();
        long r = f.sys.mremap(f.mm, f.task, a, 4 * PS, 8 * PS, MREMAP_MAYMOVE, 0);
        // get_unmapped_area top-down, below mmap_base; the window is elsewhere.
        assertThat(r).isEqualTo(Mm.DEFAULT_MMAP_BASE - 8 * PS);
        assertThat(f.dump()).isEmpty();
        Vma moved = f.mm.vmaLookup(r);
        assertThat(moved.end()).isEqualTo(r + 8 * PS);
        // A faulted VMA keeps its pgoff (its pages' index) and its anon_vma.
        assertThat(moved.pgoff()).isEqualTo(a >>> 12);
        assertThat(moved.hasAnonVma()).isTrue();
        assertThat(f.state.committedAs()).isEqualTo(committed + 4);
        assertThat(f.pages.take()).anyMatch(s -> s.startsWith("move_page_tables") && s.endsWith(" " + 4 * PS));
        f.check();
    }

    @Test
    void movingPartOfAVmaSplitsItAndKeepsTheRestAccounted() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 8, RW);
        f.touch(16);
        long committed = f.state.committedAs();
        long r = f.sys.mremap(f.mm, f.task, a + 2 * PS, 2 * PS, 2 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, f.at(100));
        assertThat(r).isEqualTo(f.at(100));
        assertThat(f.dump()).containsExactly("vma 16-18 rw-p", "vma 20-24 rw-p", "vma 100-102 rw-p");
        // unmap_source_vma: the pieces left behind get VM_ACCOUNT back; the charge moved.
        assertThat(f.mm.vmas()).filteredOn(v -> v.start() >= f.at(16) && v.end() <= f.at(102)
                && (v.flags() & VmFlags.VM_WRITE) != 0).allMatch(v -> (v.flags() & VmFlags.VM_ACCOUNT) != 0);
        assertThat(f.state.committedAs()).isEqualTo(committed);
        f.check();
    }

    @Test
    void aLockedVmaGrownInPlaceIsPopulated() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 4, RW);
        assertThat(f.sys.munmap(f.mm, f.at(20), 4 * PS)).isZero();
        assertThat(f.sys.mlock(f.mm, f.task, a, 4 * PS)).isZero();
        f.pages.take();
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 6 * PS, 0, 0)).isEqualTo(a);
        assertThat(f.mm.lockedVm()).isEqualTo(6);
        assertThat(f.pages.take()).containsExactly("populate #" + f.mm.vmaLookup(a).id() + " 0x"
                + Long.toHexString(f.at(20)) + "-0x" + Long.toHexString(f.at(22)) + " write");
        f.check();
    }
}
