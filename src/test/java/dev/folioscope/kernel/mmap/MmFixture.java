package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * An mm as the conformance cases see it (shared/conformance/kstate.h): kstate_init reserves a
 * 1024-page PROT_NONE MAP_NORESERVE window aligned to 2 MiB (mmap of the length plus 2 MiB,
 * then munmap of the unaligned head and tail), and each case maps its regions inside it with
 * MAP_FIXED. Dumps list the VMAs inside the window as "vma A-B PERMS" in page offsets, as the
 * goldens do. A write "fault" gives the VMA an anon_vma as anon_vma_prepare would.
 */
final class MmFixture {
    static final long PS = PAGE_SIZE;
    static final int WINDOW_PAGES = 1024;
    static final long KSTATE_ALIGN = 2L << 20;
    static final int RW = PROT_READ | PROT_WRITE;
    static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;
    static final int FIXED = ANON | MAP_FIXED;

    final MmapState state = new MmapState();
    final Trace trace = new Trace();
    final EventCollector events = new EventCollector();
    final FakePageOps pages = new FakePageOps();
    final MmapSyscalls sys = new MmapSyscalls(state, trace, pages);
    final TaskLimits task;
    final Mm mm = new Mm(1, false);
    private int nextAnonVma = 1;
    long base;

    MmFixture() {
        this(TaskLimits.ROOT);
    }

    MmFixture(TaskLimits task) {
        this.task = task;
        trace.attach(events);
        trace.setPid(1);
    }

    /** kstate_init's reservation; returns the window's base. */
    MmFixture window() {
        long len = WINDOW_PAGES * PS;
        long r = sys.mmap(mm, task, 0, len + KSTATE_ALIGN, PROT_NONE, ANON | MAP_NORESERVE, null, 0);
        assertThat(r).isPositive();
        base = (r + KSTATE_ALIGN - 1) & ~(KSTATE_ALIGN - 1);
        if (base > r) {
            assertThat(sys.munmap(mm, r, base - r)).isZero();
        }
        long tail = r + len + KSTATE_ALIGN - (base + len);
        if (tail > 0) {
            assertThat(sys.munmap(mm, base + len, tail)).isZero();
        }
        pages.take();
        return this;
    }

    long at(long page) {
        return base + page * PS;
    }

    /** mmap(kstate_at(page), n pages, prot, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED). */
    long mapFixed(long page, long n, int prot) {
        return sys.mmap(mm, task, at(page), n * PS, prot, FIXED, null, 0);
    }

    /**
     * A write fault at window page {@code page}: the VMA gets an anon_vma if it has none
     * (anon_vma_prepare: a neighbour's reusable one, else a new one), with one chain entry.
     */
    void touch(long page) {
        Vma v = mm.vmaLookup(at(page));
        assertThat(v).as("a VMA at page " + page).isNotNull();
        if (!v.hasAnonVma()) {
            int av = MmapSyscalls.findMergeableAnonVma(mm, v);
            mm.setAnonVma(v.id(), av != Vma.NO_ANON_VMA ? av : nextAnonVma++, 1);
        }
    }

    /** The dump's VMA lines: "vma A-B PERMS" for each VMA inside the window, ---p ones only if asked. */
    List<String> dump(boolean showProtNone) {
        List<String> out = new ArrayList<>();
        for (Vma v : mm.vmas()) {
            if (v.start() < base || v.end() > base + WINDOW_PAGES * PS) {
                continue;
            }
            String perms = VmFlags.perms(v.flags());
            if (!showProtNone && perms.startsWith("---")) {
                continue;
            }
            out.add("vma " + (v.start() - base) / PS + "-" + (v.end() - base) / PS + " " + perms);
        }
        return out;
    }

    List<String> dump() {
        return dump(false);
    }

    /** Checks the tree and the counters against the VMAs, as an invariant checker would. */
    void check() {
        mm.tree().check();
        assertThat(mm.mapCount()).isEqualTo(mm.vmas().size());
        long total = 0;
        long locked = 0;
        long data = 0;
        long exec = 0;
        long stack = 0;
        for (Vma v : mm.vmas()) {
            total += v.pages();
            if ((v.flags() & VmFlags.VM_LOCKED) != 0) {
                locked += v.pages();
            }
            if (VmFlags.isExecMapping(v.flags())) {
                exec += v.pages();
            } else if (VmFlags.isStackMapping(v.flags())) {
                stack += v.pages();
            } else if (VmFlags.isDataMapping(v.flags())) {
                data += v.pages();
            }
        }
        assertThat(mm.totalVm()).as("total_vm").isEqualTo(total);
        assertThat(mm.lockedVm()).as("locked_vm").isEqualTo(locked);
        assertThat(mm.dataVm()).as("data_vm").isEqualTo(data);
        assertThat(mm.execVm()).as("exec_vm").isEqualTo(exec);
        assertThat(mm.stackVm()).as("stack_vm").isEqualTo(stack);
    }

    /** The pages charged for VM_ACCOUNT VMAs of this mm. */
    long accountedPages() {
        return mm.vmas().stream().filter(v -> (v.flags() & VmFlags.VM_ACCOUNT) != 0).mapToLong(Vma::pages).sum();
    }
}
