package dev.folioscope.conformance;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.proc.Kstate;
import dev.folioscope.kernel.task.Syscalls;
import java.util.HashMap;
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
        dev.folioscope.kernel.debug.InvariantChecker.checkMappings(k);
        dev.folioscope.kernel.debug.InvariantChecker.checkLru(k);
        out.append(Kstate.dump(k, k.tasks().get(pid).mm(), from, npages, label, who.get(pid), frames.get(pid),
                options));
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
        out.append(text).append('\n');
    }

    String output() {
        return out.toString();
    }
}
