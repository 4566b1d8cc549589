package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.MmFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.folioscope.kernel.trace.Errno;
import org.junit.jupiter.api.Test;

/** mlock(2)/munlock(2) (mm/mlock.c) and madvise(2) (mm/madvise.c) at the VMA level. */
class MlockMadviseTest {
    @Test
    void mlockCountsLocksAndPopulatesOnce() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 8, RW);
        assertThat(f.sys.mlock(f.mm, f.task, a + 2 * PS + 5, 3 * PS)).isZero(); // start rounded down, length up
        assertThat(f.dump()).containsExactly("vma 16-18 rw-p", "vma 18-22 rw-p", "vma 22-24 rw-p");
        int locked = f.mm.vmaLookup(f.at(18)).id();
        assertThat(f.pages.take()).containsSubsequence("mlock #" + locked + " 0x" + Long.toHexString(f.at(18)) + "-0x"
                + Long.toHexString(f.at(22)), "populate #" + locked + " 0x" + Long.toHexString(f.at(18)) + "-0x"
                        + Long.toHexString(f.at(22)) + " write");
        // Locking it again changes nothing and counts nothing.
        assertThat(f.sys.mlock(f.mm, f.task, f.at(18), 4 * PS)).isZero();
        assertThat(f.mm.lockedVm()).isEqualTo(4);
        assertThat(f.pages.take()).noneMatch(s -> s.startsWith("mlock"));
        // MLOCK_ONFAULT: VM_LOCKONFAULT, nothing populated.
        assertThat(f.sys.mlock2(f.mm, f.task, f.at(22), 2 * PS, MLOCK_ONFAULT)).isZero();
        assertThat(f.mm.vmaLookup(f.at(22)).flags() & VmFlags.VM_LOCKONFAULT).isNotZero();
        assertThat(f.pages.take()).noneMatch(s -> s.startsWith("populate") && !s.endsWith("write"))
                .anyMatch(s -> s.startsWith("mlock"));
        assertThat(f.sys.mlock2(f.mm, f.task, f.at(22), 2 * PS, 2)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.munlock(f.mm, f.at(16), 8 * PS)).isZero();
        assertThat(f.dump()).containsExactly("vma 16-24 rw-p");
        assertThat(f.mm.lockedVm()).isZero();
        f.check();
    }

    @Test
    void mlockLimitsAndHoles() {
        MmFixture f = new MmFixture(TaskLimits.USER.withRlimitMemlock(16 * PS)).window();
        f.mapFixed(16, 32, RW);
        assertThat(f.sys.mlock(f.mm, f.task, f.at(16), 17 * PS)).isEqualTo(-Errno.ENOMEM);
        assertThat(f.sys.mlock(f.mm, f.task, f.at(16), 16 * PS)).isZero();
        // Already locked pages of the range do not count twice (count_mm_mlocked_page_nr).
        assertThat(f.sys.mlock(f.mm, f.task, f.at(16), 16 * PS)).isZero();
        assertThat(f.sys.mlock(f.mm, f.task, f.at(32), PS)).isEqualTo(-Errno.ENOMEM);
        MmFixture none = new MmFixture(TaskLimits.USER.withRlimitMemlock(0)).window();
        none.mapFixed(16, 4, RW);
        assertThat(none.sys.mlock(none.mm, none.task, none.at(16), PS)).isEqualTo(-Errno.EPERM);
        // munlock over a hole: -ENOMEM, the part before it done.
        MmFixture h = new MmFixture().window();
        h.mapFixed(16, 4, RW);
        h.sys.munmap(h.mm, h.at(20), 4 * PS);
        h.mapFixed(24, 4, RW);
        assertThat(h.sys.mlock(h.mm, h.task, h.at(16), 12 * PS)).isEqualTo(-Errno.ENOMEM);
        assertThat(h.mm.lockedVm()).isEqualTo(4);
        assertThat(h.sys.munlock(h.mm, h.at(2000), PS)).isEqualTo(-Errno.ENOMEM);
        h.check();
    }

    @Test
    void madviseFlagAdviceSplitsAndMerges() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 12, RW);
        assertThat(f.sys.madvise(f.mm, a + 4 * PS, 4 * PS, MADV_DONTFORK)).isZero();
        assertThat(f.mm.vmaLookup(f.at(20)).flags() & VmFlags.VM_DONTCOPY).isNotZero();
        assertThat(f.sys.madvise(f.mm, a, 12 * PS, MADV_SEQUENTIAL)).isZero();
        assertThat(f.dump()).containsExactly("vma 16-20 rw-p", "vma 20-24 rw-p", "vma 24-28 rw-p");
        assertThat(f.sys.madvise(f.mm, a, 12 * PS, MADV_DOFORK)).isZero();
        assertThat(f.sys.madvise(f.mm, a, 12 * PS, MADV_NORMAL)).isZero();
        assertThat(f.dump()).containsExactly("vma 16-28 rw-p");
        assertThat(f.sys.madvise(f.mm, a, PS, MADV_DONTDUMP)).isZero();
        assertThat(f.sys.madvise(f.mm, a, PS, MADV_DODUMP)).isZero();
        assertThat(f.sys.madvise(f.mm, a, PS, MADV_HUGEPAGE)).isZero();
        assertThat(f.mm.vmaLookup(a).flags() & VmFlags.VM_HUGEPAGE).isNotZero();
        assertThat(f.sys.madvise(f.mm, a, PS, MADV_NOHUGEPAGE)).isZero();
        assertThat(f.mm.vmaLookup(a).flags() & (VmFlags.VM_HUGEPAGE | VmFlags.VM_NOHUGEPAGE))
                .isEqualTo(VmFlags.VM_NOHUGEPAGE);
        f.check();
    }

    @Test
    void madviseErrors() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 4, RW);
        assertThat(f.sys.madvise(f.mm, a, PS, 5)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.madvise(f.mm, a + 1, PS, MADV_DONTNEED)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.madvise(f.mm, a, 0, MADV_DONTNEED)).isZero();
        long s = f.sys.mmap(f.mm, f.task, f.at(40), 4 * PS, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, null, 0);
        assertThat(f.sys.madvise(f.mm, s, PS, MADV_WIPEONFORK)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.madvise(f.mm, s, PS, MADV_FREE)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mlock(f.mm, f.task, a, PS)).isZero();
        assertThat(f.sys.madvise(f.mm, a, PS, MADV_DONTNEED)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.madvise(f.mm, a, PS, MADV_COLD)).isEqualTo(-Errno.EINVAL);
        f.pages.take();
        assertThat(f.sys.madvise(f.mm, a, PS, MADV_DONTNEED_LOCKED)).isZero();
        assertThat(f.pages.take()).hasSize(1);
        assertThatThrownBy(() -> f.sys.madvise(f.mm, a, PS, MADV_POPULATE_WRITE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void pageAdviceGoesToThePageLayerVmaByVmaAndAHoleIsReported() {
        MmFixture f = new MmFixture().window();
        f.mapFixed(16, 4, RW);
        f.sys.munmap(f.mm, f.at(20), 4 * PS);
        f.mapFixed(24, 4, PROT_READ);
        f.pages.take();
        // madvise_walk_vmas: the hole gives -ENOMEM at the end, but both VMAs got the advice.
        assertThat(f.sys.madvise(f.mm, f.at(18), 8 * PS, MADV_DONTNEED)).isEqualTo(-Errno.ENOMEM);
        int first = f.mm.vmaLookup(f.at(16)).id();
        int second = f.mm.vmaLookup(f.at(24)).id();
        assertThat(f.pages.take()).containsExactly(
                "MADV_DONTNEED #" + first + " 0x" + Long.toHexString(f.at(18)) + "-0x" + Long.toHexString(f.at(20)),
                "MADV_DONTNEED #" + second + " 0x" + Long.toHexString(f.at(24)) + "-0x" + Long.toHexString(f.at(26)));
        assertThat(f.dump()).containsExactly("vma 16-20 rw-p", "vma 24-28 r--p");
    }
}
