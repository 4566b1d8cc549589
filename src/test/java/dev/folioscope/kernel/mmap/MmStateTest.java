package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.MmFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.trace.Errno;
import org.junit.jupiter.api.Test;

/** Forking and digesting the VMA layer's state; fork (dup_mmap), exit (exit_mmap) and exec. */
class MmStateTest {
    @Test
    void aForkedMmEvolvesApart() {
        MmFixture f = new MmFixture().window();
        f.mapFixed(16, 8, RW);
        Mm copy = f.mm.fork();
        MmapState stateCopy = f.state.fork();
        assertThat(copy.digest(7)).isEqualTo(f.mm.digest(7));
        assertThat(copy.bytesNotIn(f.mm)).isLessThan(1024);
        assertThat(stateCopy.digest(7)).isEqualTo(f.state.digest(7));
        f.sys.mprotect(f.mm, f.task, f.at(18), 2 * PS, PROT_READ);
        assertThat(copy.layout()).hasSize(3);
        assertThat(f.mm.layout()).hasSize(5);
        assertThat(copy.digest(7)).isNotEqualTo(f.mm.digest(7));
        assertThat(f.state.digest(7)).isNotEqualTo(stateCopy.digest(7));
        // What changed is a few paths of the trees, not the whole of them.
        assertThat(f.mm.bytesNotIn(copy)).isPositive().isLessThan(f.mm.bytesNotIn(null));
    }

    @Test
    void theSameCallsGiveTheSameDigest() {
        long[] digests = new long[2];
        for (int i = 0; i < 2; i++) {
            MmFixture f = new MmFixture().window();
            f.mapFixed(16, 8, RW);
            f.touch(16);
            f.sys.mprotect(f.mm, f.task, f.at(18), 2 * PS, PROT_READ);
            f.sys.mremap(f.mm, f.task, f.at(16), 2 * PS, 2 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, f.at(100));
            digests[i] = f.state.digest(f.mm.digest(0xcbf29ce484222325L));
        }
        assertThat(digests[0]).isEqualTo(digests[1]);
    }

    @Test
    void dupMmapCopiesChargesAndDropsLocks() {
        MmFixture f = new MmFixture().window();
        long a = f.mapFixed(16, 8, RW);
        f.touch(16);
        f.sys.mlock(f.mm, f.task, a, 2 * PS);
        long committed = f.state.committedAs();
        Mm child = f.sys.dupMmap(f.mm, f.task, 9);
        assertThat(child.owner()).isEqualTo(9);
        assertThat(child.layout()).isEqualTo(f.mm.layout());
        assertThat(child.vmas()).noneMatch(v -> (v.flags() & VmFlags.VM_LOCKED_MASK) != 0);
        assertThat(child.lockedVm()).isZero();
        assertThat(child.totalVm()).isEqualTo(f.mm.totalVm());
        assertThat(f.state.committedAs()).isEqualTo(committed + f.accountedPages());
        assertThat(child.vmas()).extracting(Vma::id).doesNotContainAnyElementsOf(f.mm.vmas().stream()
                .map(Vma::id).toList());
        // The child's tree is its own.
        f.sys.munmap(child, a, 8 * PS);
        assertThat(f.dump()).containsExactly("vma 16-18 rw-p", "vma 18-24 rw-p");
        f.sys.exitMmap(child);
        assertThat(child.mapCount()).isZero();
        assertThat(f.state.committedAs()).isEqualTo(committed);
    }

    @Test
    void dupMmapUnderOvercommitNeverCanFail() {
        MmFixture f = new MmFixture(TaskLimits.USER).window();
        f.state.setOvercommitMemory(OVERCOMMIT_NEVER);
        f.pages.totalram = 2 * 4096 + 2 * 2048 + 100;
        f.mapFixed(16, 3000, RW);
        long committed = f.state.committedAs();
        assertThat(f.sys.dupMmap(f.mm, f.task, 2)).isNull();
        assertThat(f.state.committedAs()).isEqualTo(committed);
    }

    @Test
    void execSetsUpTheStackAndAnEmptyHeap() {
        MmFixture f = new MmFixture();
        assertThat(f.sys.setupExecMm(f.mm, f.task, MmapSyscalls.DEFAULT_START_BRK)).isZero();
        assertThat(f.mm.layout()).containsExactly("7ffffffde000-7ffffffff000 rw-p");
        Vma stack = f.mm.vmas().getFirst();
        assertThat(stack.flags()).isEqualTo(VmFlags.VM_STACK_FLAGS);
        assertThat(stack.pgoff()).isEqualTo(0x7ffffffdeL);
        assertThat(f.mm.vmaName(stack)).isEqualTo("[stack]");
        assertThat(f.mm.stackVm()).isEqualTo(33);
        assertThat(f.state.committedAs()).isEqualTo(33);
        assertThat(f.mm.brk()).isEqualTo(MmapSyscalls.DEFAULT_START_BRK);
        long b = f.sys.brk(f.mm, f.task, MmapSyscalls.DEFAULT_START_BRK + 100);
        assertThat(b).isEqualTo(MmapSyscalls.DEFAULT_START_BRK + 100);
        assertThat(f.mm.vmaName(f.mm.vmaLookup(MmapSyscalls.DEFAULT_START_BRK))).isEqualTo("[heap]");
        f.check();
        // A break that would come within stack_guard_gap of the stack is refused.
        assertThat(f.sys.brk(f.mm, f.task, 0x7ffffffde000L - PS)).isEqualTo(b);
        assertThat(f.sys.munmap(f.mm, 0, 0)).isEqualTo(-Errno.EINVAL);
    }
}
