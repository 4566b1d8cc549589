package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.MmFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.MmapEvents;
import org.junit.jupiter.api.Test;

/**
 * mmap(2) and munmap(2) at the VMA level, each expectation worked out from the 6.18 code it
 * cites: do_mmap, __get_unmapped_area, arch_get_unmapped_area_topdown, unmapped_area_topdown,
 * __mmap_region, vma_merge_new_range, do_vmi_align_munmap, __vm_enough_memory.
 */
class MmapTest {
    private static final long BASE = Mm.DEFAULT_MMAP_BASE;

    private static long mmapAnon(MmFixture f, long addr, long pages, int prot, int flags) {
        return f.sys.mmap(f.mm, f.task, addr, pages * PS, prot, ANON | flags, null, 0);
    }

    @Test
    void successiveAnonymousMappingsGoDownFromMmapBaseAndMerge() {
        MmFixture f = new MmFixture();
        // arch_get_unmapped_area_topdown: the highest gap below mmap_base (0x7ffff7fff000).
        assertThat(mmapAnon(f, 0, 4, RW, 0)).isEqualTo(BASE - 4 * PS);
        assertThat(mmapAnon(f, 0, 4, RW, 0)).isEqualTo(BASE - 8 * PS);
        // vma_merge_new_range: the new range merges in front of the first (pgoff addr>>12, no anon_vma).
        assertThat(f.mm.layout()).containsExactly("7ffff7ff7000-7ffff7fff000 rw-p");
        assertThat(f.mm.vmas().getFirst().id()).isEqualTo(1);
        assertThat(f.mm.vmas().getFirst().pgoff()).isEqualTo((BASE - 8 * PS) >>> 12);
        f.check();
        assertThat(f.mm.dataVm()).isEqualTo(8);
        assertThat(f.state.committedAs()).isEqualTo(8);
        assertThat(f.mm.vmas().getFirst().flags()).isEqualTo(VmFlags.VM_DATA_DEFAULT_FLAGS | VmFlags.VM_ACCOUNT);
    }

    @Test
    void a2MiBMultipleIsThpAligned() {
        MmFixture f = new MmFixture();
        // thp_get_unmapped_area_vmflags: 4 MiB asked below mmap_base gives 0x7ffff7bff000, moved
        // up by (0 - ret) & (2 MiB - 1) = 0x1000.
        assertThat(mmapAnon(f, 0, 512, RW, 0)).isEqualTo(0x7ffff7c00000L);
        f.state.setThpCompiled(false);
        assertThat(mmapAnon(f, 0, 512, RW, 0)).isEqualTo(0x7ffff7c00000L - (2L << 20));
    }

    @Test
    void hintsAreHonouredWhenFreeAndRaisedToMmapMinAddr() {
        MmFixture f = new MmFixture();
        assertThat(mmapAnon(f, 0x10000000L, 4, RW, 0)).isEqualTo(0x10000000L);
        // A hint inside a VMA is ignored: top-down from mmap_base.
        assertThat(mmapAnon(f, 0x10001000L, 4, PROT_READ, 0)).isEqualTo(BASE - 4 * PS);
        // round_hint_to_min: a hint below vm.mmap_min_addr (65536) becomes 65536.
        assertThat(mmapAnon(f, 0x1000, 1, RW, 0)).isEqualTo(0x10000);
        // MAP_32BIT: bottom-up from 1 GiB.
        assertThat(mmapAnon(f, 0, 1, RW, MAP_32BIT)).isEqualTo(0x40000000L);
    }

    @Test
    void theStackGuardGapIsKeptBelowAGrowsdownVma() {
        MmFixture f = new MmFixture();
        long stack = BASE - 16 * PS;
        assertThat(mmapAnon(f, stack, 16, RW, MAP_FIXED | MAP_GROWSDOWN)).isEqualTo(stack);
        // unmapped_area_topdown: the gap below the stack ends within stack_guard_gap (1 MiB) of
        // it, so the search retries below stack - 1 MiB.
        assertThat(mmapAnon(f, 0, 4, RW, 0)).isEqualTo(stack - (1L << 20) - 4 * PS);
        f.check();
        assertThat(f.mm.stackVm()).isEqualTo(16);
    }

    @Test
    void argumentErrorsAreTheKernels() {
        MmFixture f = new MmFixture(TaskLimits.USER);
        assertThat(f.sys.mmap(f.mm, f.task, 0, 0, RW, ANON, null, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mmap(f.mm, f.task, 0, PS, RW, MAP_PRIVATE, null, 100)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mmap(f.mm, f.task, 0, PS, RW, MAP_PRIVATE, null, 0)).isEqualTo(-Errno.EBADF);
        assertThat(f.sys.mmap(f.mm, f.task, 0, PS, RW, MAP_ANONYMOUS, null, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mmap(f.mm, f.task, 0, PS, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, null, 0))
                .isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.mmap(f.mm, f.task, 0, PS, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, null, 0))
                .isEqualTo(-Errno.EINVAL);
        // mlock_future_ok: 16 MiB locked is over the 8 MiB RLIMIT_MEMLOCK.
        assertThat(mmapAnon(f, 0, 4096, RW, MAP_LOCKED)).isEqualTo(-Errno.EAGAIN);
        MmFixture noLock = new MmFixture(TaskLimits.USER.withRlimitMemlock(0));
        assertThat(mmapAnon(noLock, 0, 1, RW, MAP_LOCKED)).isEqualTo(-Errno.EPERM);
        // MAP_FIXED below mmap_min_addr without the capability (cap_mmap_addr).
        assertThat(mmapAnon(f, 0x1000, 1, RW, MAP_FIXED)).isEqualTo(-Errno.EPERM);
        long a = mmapAnon(f, 0, 4, RW, 0);
        assertThat(mmapAnon(f, a, 1, RW, MAP_FIXED_NOREPLACE)).isEqualTo(-Errno.EEXIST);
        assertThat(f.mm.mapCount()).isEqualTo(1);
        assertThat(f.events.of(MmapEvents.SYS_MMAP).getLast().result).isEqualTo(-Errno.EEXIST);
    }

    @Test
    void maxMapCountRefusesTheNextMappingAndTheSplitInThree() {
        MmFixture f = new MmFixture();
        f.state.setMaxMapCount(2);
        long a = mmapAnon(f, 0, 4, PROT_READ, 0);
        mmapAnon(f, 0, 4, RW, 0);
        mmapAnon(f, 0, 4, PROT_READ | PROT_EXEC, 0);
        assertThat(f.mm.mapCount()).isEqualTo(3);
        // do_mmap: map_count > sysctl_max_map_count.
        assertThat(mmapAnon(f, 0, 4, RW, 0)).isEqualTo(-Errno.ENOMEM);
        // vms_gather_munmap_vmas: a split in three with map_count at the limit.
        assertThat(f.sys.munmap(f.mm, a + PS, PS)).isEqualTo(-Errno.ENOMEM);
        // Trimming an end needs one split only: allowed.
        assertThat(f.sys.munmap(f.mm, a, PS)).isZero();
        f.check();
    }

    @Test
    void overcommitNeverRefusesWhatTheCommitLimitCannotHold() {
        MmFixture f = new MmFixture(TaskLimits.USER);
        f.state.setOvercommitMemory(OVERCOMMIT_NEVER);
        // vm_commit_limit: 2^20 pages * 50% = 524288; less admin_reserve (8 MiB = 2048 pages),
        // less min(total_vm/32, user_reserve) = 0: 522240. The committed pages after the charge
        // must stay below it.
        assertThat(mmapAnon(f, 0, 522240, RW, 0)).isEqualTo(-Errno.ENOMEM);
        assertThat(f.state.committedAs()).isZero();
        assertThat(f.mm.mapCount()).isZero();
        var e = f.events.of(MmapEvents.VM_ENOUGH_MEMORY).getLast();
        assertThat(e.arg("allowed")).isEqualTo(522240);
        assertThat(e.result).isEqualTo(-Errno.ENOMEM);
        assertThat(mmapAnon(f, 0, 522239, RW, 0)).isPositive();
        assertThat(f.state.committedAs()).isEqualTo(522239);
        // MAP_NORESERVE is not honoured under OVERCOMMIT_NEVER: still charged, and refused.
        assertThat(mmapAnon(f, 0, 1, RW, MAP_NORESERVE)).isEqualTo(-Errno.ENOMEM);
        // Read-only and shared mappings are not accountable.
        assertThat(mmapAnon(f, 0, 1, PROT_READ, 0)).isPositive();
        assertThat(f.state.committedAs()).isEqualTo(522239);
    }

    @Test
    void overcommitAlwaysNeverRefusesAndGuessRefusesOnlyMoreThanRamPlusSwap() {
        MmFixture always = new MmFixture(TaskLimits.USER);
        always.state.setOvercommitMemory(OVERCOMMIT_ALWAYS);
        assertThat(mmapAnon(always, 0, 1L << 28, RW, 0)).isPositive();
        assertThat(always.state.committedAs()).isEqualTo(1L << 28);
        MmFixture guess = new MmFixture(TaskLimits.USER);
        assertThat(mmapAnon(guess, 0, (1L << 20) + 1, RW, 0)).isEqualTo(-Errno.ENOMEM);
        assertThat(mmapAnon(guess, 0, 1L << 20, RW, 0)).isPositive();
        // MAP_NORESERVE under OVERCOMMIT_GUESS: VM_NORESERVE, nothing charged.
        assertThat(mmapAnon(guess, 0, (1L << 20) + 1, RW, MAP_NORESERVE)).isPositive();
        assertThat(guess.state.committedAs()).isEqualTo(1L << 20);
    }

    @Test
    void populateAndLockFollowTheFlags() {
        MmFixture f = new MmFixture();
        long a = mmapAnon(f, 0, 4, RW, MAP_POPULATE);
        long b = mmapAnon(f, 0, 4, PROT_READ, MAP_POPULATE);
        long c = mmapAnon(f, 0, 2, RW, MAP_POPULATE | MAP_NONBLOCK);
        assertThat(f.pages.take()).containsExactly(
                "populate #1 0x" + Long.toHexString(a) + "-0x" + Long.toHexString(a + 4 * PS) + " write",
                "populate #2 0x" + Long.toHexString(b) + "-0x" + Long.toHexString(b + 4 * PS) + " read");
        assertThat(c).isPositive();
        long d = mmapAnon(f, 0, 4, RW, MAP_LOCKED);
        assertThat(f.mm.lockedVm()).isEqualTo(4);
        assertThat(f.pages.take()).containsExactly("populate #4 0x" + Long.toHexString(d) + "-0x"
                + Long.toHexString(d + 4 * PS) + " write");
        f.check();
    }

    @Test
    void munmapSplitsZapsAndFreesPageTablesBetweenTheNeighbours() {
        MmFixture f = new MmFixture().window();
        f.mapFixed(16, 8, RW);
        f.touch(16);
        int id = f.mm.vmaLookup(f.at(16)).id();
        f.pages.take();
        long committed = f.state.committedAs();
        assertThat(f.sys.munmap(f.mm, f.at(18), 2 * PS + 1)).isZero();
        assertThat(f.dump()).containsExactly("vma 16-18 rw-p", "vma 21-24 rw-p");
        // __split_vma at 18 (the new VMA below) and at 21 (the new VMA above); the original goes.
        assertThat(f.mm.vmaLookup(f.at(16)).id()).isEqualTo(id + 1);
        assertThat(f.mm.vmaLookup(f.at(21)).id()).isEqualTo(id + 2);
        assertThat(f.pages.take()).containsExactly("anon_vma_clone #" + (id + 1) + " from #" + id,
                "anon_vma_clone #" + (id + 2) + " from #" + id,
                "zap #" + id + " 0x" + Long.toHexString(f.at(18)) + "-0x" + Long.toHexString(f.at(21)),
                "free_pgtables 1 floor 0x" + Long.toHexString(f.at(18)) + " ceiling 0x" + Long.toHexString(f.at(21)),
                "unlink_anon_vmas #" + id);
        assertThat(f.state.committedAs()).isEqualTo(committed - 3);
        assertThat(f.sys.munmap(f.mm, f.at(18) + 1, PS)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.munmap(f.mm, f.at(18), 0)).isEqualTo(-Errno.EINVAL);
        assertThat(f.sys.munmap(f.mm, f.at(18), PS)).isZero();
        f.check();
    }

    @Test
    void sharedAnonymousMappingsAreShmemAndDoNotMerge() {
        MmFixture f = new MmFixture();
        long a = f.sys.mmap(f.mm, f.task, 0, 4 * PS, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        long b = f.sys.mmap(f.mm, f.task, 0, 4 * PS, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        assertThat(b).isEqualTo(a - 4 * PS);
        assertThat(f.mm.layout()).containsExactly(Long.toHexString(b) + "-" + Long.toHexString(a) + " rw-s",
                Long.toHexString(a) + "-" + Long.toHexString(a + 4 * PS) + " rw-s");
        assertThat(f.mm.vmas()).extracting(Vma::file).containsExactly(1001, 1000);
        assertThat(f.mm.vmas()).extracting(Vma::pgoff).containsOnly(0L);
        assertThat(f.state.committedAs()).isZero();
        assertThat(f.mm.dataVm()).isZero();
    }

    @Test
    void fileMappingsMergeOnlyWithContiguousOffsets() {
        MmFixture f = new MmFixture().window();
        MappedFile file = MappedFile.readOnly(7, 64);
        int flags = MAP_PRIVATE | MAP_FIXED;
        assertThat(f.sys.mmap(f.mm, f.task, f.at(16), 4 * PS, PROT_READ, flags, file, 0)).isEqualTo(f.at(16));
        assertThat(f.sys.mmap(f.mm, f.task, f.at(20), 4 * PS, PROT_READ, flags, file, 4 * PS)).isEqualTo(f.at(20));
        assertThat(f.sys.mmap(f.mm, f.task, f.at(24), 4 * PS, PROT_READ, flags, file, 100 * PS)).isEqualTo(f.at(24));
        assertThat(f.sys.mmap(f.mm, f.task, f.at(28), 4 * PS, PROT_READ | PROT_EXEC, flags, file, 104 * PS))
                .isEqualTo(f.at(28));
        assertThat(f.dump()).containsExactly("vma 16-24 r--p", "vma 24-28 r--p", "vma 28-32 r-xp");
        assertThat(f.mm.vmaLookup(f.at(24)).pgoff()).isEqualTo(100);
        f.check();
        assertThat(f.mm.execVm()).isEqualTo(4);
        // A read-only file: MAP_SHARED with PROT_WRITE is refused; read-only MAP_SHARED loses VM_MAYWRITE.
        assertThat(f.sys.mmap(f.mm, f.task, f.at(40), PS, RW, MAP_SHARED | MAP_FIXED, file, 0))
                .isEqualTo(-Errno.EACCES);
        assertThat(f.sys.mmap(f.mm, f.task, f.at(40), PS, PROT_READ, MAP_SHARED | MAP_FIXED, file, 0))
                .isEqualTo(f.at(40));
        assertThat(f.mm.vmaLookup(f.at(40)).flags() & (VmFlags.VM_MAYWRITE | VmFlags.VM_SHARED)).isZero();
        assertThat(f.dump()).contains("vma 40-41 r--s");
    }

    @Test
    void aFaultedNeighbourWithAnotherAnonVmaMergesOnOneSideOnly() {
        MmFixture f = new MmFixture().window();
        f.mapFixed(16, 4, RW);
        f.mapFixed(24, 4, RW);
        f.touch(16);
        f.touch(24);
        assertThat(f.mm.vmaLookup(f.at(16)).anonVma()).isNotEqualTo(f.mm.vmaLookup(f.at(24)).anonVma());
        // can_vma_merge_right: prev and next both mergeable, but their anon_vmas differ.
        f.mapFixed(20, 4, RW);
        assertThat(f.dump()).containsExactly("vma 16-24 rw-p", "vma 24-28 rw-p");
    }

    @Test
    void aVmaForkedWithTwoChainEntriesDoesNotTakeANewNeighbour() {
        MmFixture f = new MmFixture().window();
        f.mapFixed(16, 4, RW);
        f.touch(16);
        Mm child = f.sys.dupMmap(f.mm, f.task, 2);
        // is_mergeable_anon_vma: the target has an anon_vma with two chain entries (forked).
        long r = f.sys.mmap(child, f.task, f.at(20), 4 * PS, RW, FIXED, null, 0);
        assertThat(r).isEqualTo(f.at(20));
        assertThat(child.vmas().stream().filter(v -> v.start() >= f.at(16) && v.end() <= f.at(24)).count())
                .isEqualTo(2);
        // In the parent (one entry) the same mapping merges.
        f.mapFixed(20, 4, RW);
        assertThat(f.dump()).containsExactly("vma 16-24 rw-p");
    }

    @Test
    void eventsNestUnderTheSyscall() {
        MmFixture f = new MmFixture();
        mmapAnon(f, 0, 4, RW, 0);
        assertThat(f.events.events().getFirst().type).isEqualTo(MmapEvents.SYS_MMAP);
        assertThat(f.events.events().getFirst().depth).isZero();
        assertThat(f.events.childrenOf(MmapEvents.SYS_MMAP)).containsExactly(MmapEvents.GET_UNMAPPED_AREA,
                MmapEvents.MMAP_REGION);
        assertThat(f.events.childrenOf(MmapEvents.MMAP_REGION)).containsExactly(MmapEvents.VM_ENOUGH_MEMORY,
                MmapEvents.VMA_INSERT, MmapEvents.VM_STAT_ACCOUNT);
        assertThat(f.events.of(MmapEvents.VMA_INSERT).getFirst().arg("start")).isEqualTo(BASE - 4 * PS);
    }
}
