package dev.folioscope.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.proc.Kstate;
import dev.folioscope.kernel.task.Syscalls;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What kstate.h does, on the simulated kernel: a process whose case maps its regions inside a
 * 1024-page PROT_NONE window aligned to 2 MiB, dumps labelled with the process's role, and frame
 * numbers per process that a fork copies. Tests drive the same system calls as the C case.
 */
final class Harness {
    static final long PS = 4096;
    static final long RESERVE_PAGES = 1024;
    private static final long ALIGN = 2L << 20;

    final Kernel k;
    final Syscalls sys;
    final long base;
    private final StringBuilder out = new StringBuilder();
    private final Map<Integer, Kstate.Frames> frames = new HashMap<>();
    private final Map<Integer, String> who = new HashMap<>();
    private Kstate.Options options = Kstate.Options.DEFAULT;
    final int parent;
    /** The descriptor of the disk file record.sh sends the output to, in every process of the case. */
    private final int outFd;

    Harness(Kernel k) {
        this.k = k;
        this.sys = k.syscalls();
        parent = (int) sys.spawn("case");
        long len = RESERVE_PAGES * PS;
        long r = sys.mmap(parent, 0, len + ALIGN, Mman.PROT_NONE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE, -1, 0);
        if (r < 0) {
            throw new IllegalStateException("reserve: " + r);
        }
        base = (r + ALIGN - 1) & ~(ALIGN - 1);
        if (base > r) {
            sys.munmap(parent, r, base - r);
        }
        if (r + len + ALIGN > base + len) {
            sys.munmap(parent, base + len, r + len + ALIGN - (base + len));
        }
        frames.put(parent, new Kstate.Frames());
        who.put(parent, "parent");
        outFd = (int) check(sys.open(parent, k.createFile("kstate-out", 0), true), "open output");
    }

    /**
     * kstate_file: a cold file of {@code npages} pages (written, synced and dropped from the
     * page cache before the case maps it), open read-write in the parent.
     *
     * @return its descriptor
     */
    int file(String tag, long npages) {
        return (int) check(sys.open(parent, k.createFile("kstate-" + tag, npages), true), "open");
    }

    /** mmap(kstate_at(page), npages * PS, prot, flags | MAP_FIXED, fd, 0), which must work. */
    long mapFile(int pid, long page, long npages, int prot, int flags, int fd) {
        return check(sys.mmap(pid, at(page), npages * PS, prot, flags | Mman.MAP_FIXED, fd, 0), "mmap");
    }

    /** A case on a 256 MiB machine whose disk reads ahead 8 MiB, as the development machine's cases ran. */
    static Harness boot() {
        return new Harness(Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(256L << 20), 1,
                MachineConfig.Sysctl.defaults(), MachineConfig.ThpMode.NEVER, MachineConfig.PagingMode.FOUR_LEVEL, 0,
                8192)));
    }

    /** The case's whole output against its golden file, line by line, after a last check of the LRU lists. */
    void assertMatches(String caseName) throws IOException {
        InvariantChecker.checkLru(k);
        List<String> diff = Golden.load(caseName).diff(output());
        assertEquals(List.of(), diff, caseName + ": the simulator differs from the real kernel\n" + output());
    }

    /** kstate_at: the address of page {@code page} of the window. */
    long at(long page) {
        return base + page * PS;
    }

    /** kstate_fork: the child gets a copy of the parent's frame table and dumps as "child". */
    int fork(int pid) {
        int child = (int) sys.fork(pid);
        frames.put(child, frames.get(pid).copy());
        who.put(child, "child");
        return child;
    }

    /** mmap(kstate_at(page), npages * PS, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), which must work. */
    long mapAnon(int pid, long page, long npages, int prot) {
        return check(sys.mmap(pid, at(page), npages * PS, prot, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED,
                -1, 0), "mmap");
    }

    /** {@code for (int i = 0; i < n; i++) a[i * PS] = ...}: a write to each of the first n pages from a. */
    void writePages(int pid, long a, int n) {
        for (int i = 0; i < n; i++) {
            write(pid, a + i * PS);
        }
    }

    void write(int pid, long addr) {
        check(sys.access(pid, addr, true), "write");
    }

    void read(int pid, long addr) {
        check(sys.access(pid, addr, false), "read");
    }

    static long check(long ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " returned " + ret);
        }
        return ret;
    }

    void dump(int pid, String label) {
        dumpWindow(pid, label, base, RESERVE_PAGES);
    }

    /** kstate_dump_window: the same dump for {@code npages} pages from {@code from}. */
    void dumpWindow(int pid, String label, long from, long npages) {
        InvariantChecker.checkMappings(k);
        InvariantChecker.checkLru(k);
        emit(pid, Kstate.dump(k, k.tasks().get(pid).mm(), from, npages, label, who.get(pid), frames.get(pid),
                options));
    }

    /**
     * kstate_flush: the text goes to stdout, which record.sh sends to a file on a disk
     * filesystem, so the case's own output grows the page cache: each page the output reaches
     * for the first time is a new folio in the writing CPU's LRU batch, as on the real machine.
     */
    private void emit(int pid, String text) {
        long before = out.length();
        out.append(text);
        long first = before / PS;
        long last = (out.length() - 1) / PS;
        check(sys.pwrite(pid, outFd, first, last - first + 1), "write output");
    }

    /** kstate_show_prot_none = 1. */
    void showProtNone() {
        options = new Kstate.Options(true, options.vmpteBaseKb());
    }

    /** kstate_show_vmpte = 1, with VmPTE now as the base (kstate_init's kstate_vmpte_base). */
    void showVmpte() {
        options = new Kstate.Options(options.showProtNone(),
                java.util.OptionalLong.of(Kstate.vmpteKb(k.tasks().get(parent).mm())));
    }

    /** kstate_line: a line of the case's own. */
    void line(String text) {
        emit(parent, text + "\n");
    }

    String output() {
        return out.toString();
    }
}
