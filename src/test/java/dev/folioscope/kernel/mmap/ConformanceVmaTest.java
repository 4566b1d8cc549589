package dev.folioscope.kernel.mmap;

import static dev.folioscope.kernel.mmap.Mman.*;
import static dev.folioscope.kernel.mmap.MmFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conformance cases recorded on Linux 6.18 (src/test/resources/conformance, see its README),
 * replayed at the VMA level: each test runs the case's system calls in the same order and
 * compares its dumps' "== label", "vma A-B PERMS" and "brk" lines with the golden file's. Page
 * faults are modelled only as far as VMAs see them: a written VMA gets an anon_vma.
 */
class ConformanceVmaTest {
    /** The golden's lines that the VMA layer decides, in order (its first line, the kernel, dropped). */
    private static List<String> golden(String name) throws IOException {
        try (InputStream in = ConformanceVmaTest.class.getResourceAsStream("/conformance/" + name + ".golden.txt")) {
            assertThat(in).as(name).isNotNull();
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("== ") || line.startsWith("vma ") || line.startsWith("brk ")) {
                    out.add(line);
                }
            }
            return out;
        }
    }

    private static void dump(List<String> out, MmFixture f, String label, String who, boolean protNone) {
        out.add("== " + label + " (" + who + ")");
        out.addAll(f.dump(protNone));
        f.check();
    }

    private static void dump(List<String> out, MmFixture f, String label) {
        dump(out, f, label, "parent", false);
    }

    @Test
    void mprotectSplitMerge() throws IOException {
        MmFixture f = new MmFixture().window();
        List<String> out = new ArrayList<>();
        assertThat(f.mapFixed(16, 8, RW)).isEqualTo(f.at(16));
        for (int i = 0; i < 8; i += 2) {
            f.touch(16 + i);
        }
        dump(out, f, "after-touch");
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(18), 3 * PS, PROT_READ)).isZero();
        dump(out, f, "after-mprotect-read-middle");
        dump(out, f, "after-read-in-readonly-piece");
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(18), 3 * PS, RW)).isZero();
        dump(out, f, "after-mprotect-restore");
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), 3 * PS, PROT_READ)).isZero();
        dump(out, f, "after-mprotect-read-head");
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(18), 2 * PS, PROT_READ)).isZero();
        dump(out, f, "after-mprotect-read-overlapping");
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(16), 8 * PS, RW)).isZero();
        f.touch(19);
        dump(out, f, "after-mprotect-restore-all-and-write");
        assertThat(out).containsExactlyElementsOf(golden("mprotect_split_merge"));
    }

    @Test
    void mprotectNone() throws IOException {
        MmFixture f = new MmFixture().window();
        List<String> out = new ArrayList<>();
        f.mapFixed(16, 8, RW);
        for (int i = 0; i < 4; i++) {
            f.touch(16 + i);
        }
        dump(out, f, "after-touch", "parent", true);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(18), 4 * PS, PROT_NONE)).isZero();
        dump(out, f, "after-mprotect-none", "parent", true);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(18), 4 * PS, RW)).isZero();
        dump(out, f, "after-mprotect-restore", "parent", true);
        assertThat(f.sys.mprotect(f.mm, f.task, f.at(22), 2 * PS, PROT_NONE)).isZero();
        dump(out, f, "after-mprotect-none-untouched-tail", "parent", true);
        assertThat(out).containsExactlyElementsOf(golden("mprotect_none"));
        // The tail keeps VM_ACCOUNT (its VMA had an anon_vma): that is why it does not merge.
        assertThat(f.mm.vmaLookup(f.at(22)).flags() & VmFlags.VM_ACCOUNT).isNotZero();
        assertThat(f.mm.vmaLookup(f.at(24)).flags() & VmFlags.VM_NORESERVE).isNotZero();
    }

    @Test
    void munmapHoleRefill() throws IOException {
        MmFixture f = new MmFixture().window();
        List<String> out = new ArrayList<>();
        f.mapFixed(16, 8, RW);
        for (int i = 0; i < 8; i++) {
            f.touch(16 + i);
        }
        dump(out, f, "after-touch");
        assertThat(f.sys.munmap(f.mm, f.at(19), 2 * PS)).isZero();
        dump(out, f, "after-munmap-hole");
        assertThat(f.mapFixed(19, 2, RW)).isEqualTo(f.at(19));
        dump(out, f, "after-refill-same-prot");
        f.touch(19);
        dump(out, f, "after-write-in-refill");
        assertThat(f.sys.munmap(f.mm, f.at(21), PS)).isZero();
        assertThat(f.mapFixed(21, 1, PROT_READ)).isEqualTo(f.at(21));
        dump(out, f, "after-refill-other-prot");
        assertThat(f.mapFixed(22, 2, RW)).isEqualTo(f.at(22));
        dump(out, f, "after-mmap-fixed-over-touched");
        assertThat(out).containsExactlyElementsOf(golden("munmap_hole_refill"));
    }

    @Test
    void mremapGrowMove() throws IOException {
        MmFixture f = new MmFixture().window();
        List<String> out = new ArrayList<>();
        long a = f.mapFixed(16, 4, RW);
        for (int i = 0; i < 4; i++) {
            f.touch(16 + i);
        }
        assertThat(f.sys.munmap(f.mm, f.at(20), 8 * PS)).isZero();
        dump(out, f, "after-touch");
        assertThat(f.sys.mremap(f.mm, f.task, a, 4 * PS, 8 * PS, 0, 0)).isEqualTo(a);
        f.touch(22);
        dump(out, f, "after-grow-in-place");
        assertThat(f.sys.mremap(f.mm, f.task, a, 8 * PS, 6 * PS, 0, 0)).isEqualTo(a);
        dump(out, f, "after-shrink");
        long b = f.sys.mremap(f.mm, f.task, a, 6 * PS, 6 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, f.at(100));
        assertThat(b).isEqualTo(f.at(100));
        dump(out, f, "after-move");
        assertThat(f.mapFixed(106, 2, PROT_READ)).isEqualTo(f.at(106));
        assertThat(f.sys.mremap(f.mm, f.task, b, 6 * PS, 8 * PS, 0, 0)).isEqualTo(-dev.folioscope.kernel.trace.Errno
                .ENOMEM);
        long c = f.sys.mremap(f.mm, f.task, b, 6 * PS, 8 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, f.at(200));
        assertThat(c).isEqualTo(f.at(200));
        dump(out, f, "after-grow-by-move");
        f.mapFixed(300, 4, RW);
        f.touch(300);
        assertThat(f.sys.mremap(f.mm, f.task, c, 8 * PS, 8 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, f.at(304)))
                .isEqualTo(f.at(304));
        dump(out, f, "after-move-faulted-next-to-faulted");
        f.mapFixed(400, 4, RW);
        long ff = f.mapFixed(500, 4, RW);
        assertThat(f.sys.mremap(f.mm, f.task, ff, 4 * PS, 4 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, f.at(404)))
                .isEqualTo(f.at(404));
        dump(out, f, "after-move-unfaulted-next-to-unfaulted");
        assertThat(out).containsExactlyElementsOf(golden("mremap_grow_move"));
    }

    @Test
    void brkGrowShrink() throws IOException {
        MmFixture f = new MmFixture();
        assertThat(f.sys.setupExecMm(f.mm, f.task, MmapSyscalls.DEFAULT_START_BRK)).isZero();
        long b0 = f.sys.brk(f.mm, f.task, 0);
        f.base = b0;
        List<String> out = new ArrayList<>();
        dump(out, f, "before");
        setBrk(f, out, b0, 3 * PS + 100);
        f.touch(0);
        f.touch(2);
        dump(out, f, "after-grow-and-touch");
        setBrk(f, out, b0, 8 * PS);
        f.touch(7);
        dump(out, f, "after-grow-again");
        setBrk(f, out, b0, 2 * PS + 1);
        dump(out, f, "after-shrink");
        setBrk(f, out, b0, -PS);
        setBrk(f, out, b0, 0);
        dump(out, f, "after-shrink-to-start");
        List<String> want = golden("brk_grow_shrink");
        // The dumps show 64 pages from the break; the window of the fixture is wider but empty.
        assertThat(out).containsExactlyElementsOf(want);
        assertThat(f.mm.brk()).isEqualTo(b0);
    }

    private static void setBrk(MmFixture f, List<String> out, long b0, long off) {
        long r = f.sys.brk(f.mm, f.task, b0 + off);
        out.add(String.format("brk %+d -> %+d", off, r - b0));
    }

    @Test
    void mlockPopulate() throws IOException {
        MmFixture f = new MmFixture().window();
        List<String> out = new ArrayList<>();
        long a = f.mapFixed(16, 8, RW);
        f.touch(16);
        assertThat(f.sys.mlock(f.mm, f.task, a + 2 * PS, 4 * PS)).isZero();
        dump(out, f, "after-mlock");
        assertThat(f.mm.lockedVm()).isEqualTo(4);
        assertThat(f.sys.munlock(f.mm, a + 2 * PS, 4 * PS)).isZero();
        dump(out, f, "after-munlock");
        assertThat(f.sys.mmap(f.mm, f.task, f.at(32), 4 * PS, RW, FIXED | MAP_POPULATE, null, 0)).isEqualTo(f.at(32));
        assertThat(f.sys.mmap(f.mm, f.task, f.at(40), 4 * PS, PROT_READ, FIXED | MAP_POPULATE, null, 0))
                .isEqualTo(f.at(40));
        dump(out, f, "after-map-populate");
        assertThat(f.sys.mmap(f.mm, f.task, f.at(48), 4 * PS, RW, FIXED | MAP_LOCKED, null, 0)).isEqualTo(f.at(48));
        dump(out, f, "after-map-locked");
        assertThat(f.sys.munlock(f.mm, f.at(48), 4 * PS)).isZero();
        dump(out, f, "after-munlock-map-locked");
        assertThat(out).containsExactlyElementsOf(golden("mlock_populate"));
        assertThat(f.mm.lockedVm()).isZero();
    }

    @Test
    void forkDontforkWipeonfork() throws IOException {
        MmFixture f = new MmFixture().window();
        List<String> out = new ArrayList<>();
        long a = f.mapFixed(16, 12, RW);
        for (int i = 0; i < 12; i++) {
            f.touch(16 + i);
        }
        assertThat(f.sys.madvise(f.mm, a + 4 * PS, 4 * PS, MADV_DONTFORK)).isZero();
        assertThat(f.sys.madvise(f.mm, a + 8 * PS, 4 * PS, MADV_WIPEONFORK)).isZero();
        dump(out, f, "after-madvise");
        Mm childMm = f.sys.dupMmap(f.mm, f.task, 2);
        assertThat(childMm).isNotNull();
        Mm saved = f.mm;
        List<String> childLines = new ArrayList<>();
        for (Vma v : childMm.vmas()) {
            if (v.start() >= f.base && v.end() <= f.base + WINDOW_PAGES * PS
                    && !VmFlags.perms(v.flags()).startsWith("---")) {
                childLines.add("vma " + (v.start() - f.base) / PS + "-" + (v.end() - f.base) / PS + " "
                        + VmFlags.perms(v.flags()));
            }
        }
        out.add("== child-after-fork (child)");
        out.addAll(childLines);
        out.add("== child-after-read-wiped (child)");
        out.addAll(childLines);
        // The wiped VMA starts over without an anon_vma; the copied one has its own, chained to the parent's.
        assertThat(childMm.vmaLookup(f.at(24)).hasAnonVma()).isFalse();
        assertThat(childMm.vmaLookup(f.at(16)).anonVmaChain()).isEqualTo(2);
        assertThat(childMm.vmaLookup(f.at(20))).isNull();
        assertThat(childMm.totalVm()).isEqualTo(f.mm.totalVm() - 4);
        f.sys.exitMmap(childMm);
        dump(out, f, "parent-after-child-exit");
        assertThat(f.mm).isSameAs(saved);
        assertThat(out).containsExactlyElementsOf(golden("fork_dontfork_wipeonfork"));
        assertThat(childMm.mapCount()).isZero();
    }
}
