package dev.folioscope.scenario;

import dev.folioscope.kernel.filemap.Fadvise;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Tracer;
import dev.folioscope.kernel.trace.WorkloadEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a format-2 scenario asks of the kernel: the system calls its steps make, in order, with
 * their arguments, inside the steps' STEP events, seen through a fake {@link SyscallTarget}.
 */
class ScenarioWorkloadTest {
    private static final String HEAD = ProcessStepsParserTest.HEAD;

    @Test
    void forkCowMakesTheCallsOfTheConformanceCase() throws IOException {
        Scenario s = ScenarioParser.read(Path.of("src/test/resources/scenarios-v2/fork-cow.yaml"));
        FakeSyscalls sys = new FakeSyscalls();
        run(s, sys);
        assertEquals(List.of(
                "STEP 0 cpu 0", "spawn(parent) = 1", "= 1",
                "STEP 1 cpu 0", "mmap(1, 0x7f0000000000, 0x400000, none, private anonymous fixed noreserve) = 0x7f0000000000",
                "= 1",
                "STEP 2 cpu 0", "mmap(1, 0x7f0000010000, 0x8000, rw, private anonymous fixed) = 0x7f0000010000", "= 1",
                "STEP 3 cpu 0", "access(1, 0x7f0000010000, write) = 0", "access(1, 0x7f0000011000, write) = 0",
                "access(1, 0x7f0000012000, write) = 0", "access(1, 0x7f0000013000, write) = 0", "= 4",
                "STEP 4 cpu 0", "access(1, 0x7f0000015000, read) = 0", "= 1",
                "STEP 5 cpu 0", "fork(1) = 2", "= 1",
                "STEP 6 cpu 0", "access(2, 0x7f0000011000, write) = 0", "= 1",
                "STEP 7 cpu 0", "access(2, 0x7f0000016000, write) = 0", "= 1",
                "STEP 8 cpu 0", "access(1, 0x7f0000013000, write) = 0", "= 1",
                "STEP 9 cpu 0", "exit(2) = 0", "= 1",
                "STEP 10 cpu 0", "access(1, 0x7f0000012000, write) = 0", "access(1, 0x7f0000011000, write) = 0",
                "= 2"), sys.log);
    }

    @Test
    void mprotectSplitMergeCoversTheWholeRegionWhenNoPagesAreGiven() throws IOException {
        Scenario s = ScenarioParser.read(Path.of("src/test/resources/scenarios-v2/mprotect-split-merge.yaml"));
        FakeSyscalls sys = new FakeSyscalls();
        run(s, sys);
        assertEquals(List.of(
                "mprotect(1, 0x7f0000012000, 0x3000, r) = 0",
                "mprotect(1, 0x7f0000012000, 0x3000, rw) = 0",
                "mprotect(1, 0x7f0000010000, 0x3000, r) = 0",
                "mprotect(1, 0x7f0000012000, 0x2000, r) = 0",
                "mprotect(1, 0x7f0000010000, 0x8000, rw) = 0"),
                sys.log.stream().filter(l -> l.startsWith("mprotect")).toList());
    }

    @Test
    void everyCallKindWithItsArguments() {
        Scenario s = ScenarioParser.parse("all.yaml", HEAD + """
                  - spawn: {process: p, cpu: 1}
                  - mmap: {process: p, as: a, length: 3 pages, prot: rwx, flags: shared anonymous populate}
                  - mmap: {process: p, as: b, at: a+3, length: 100, prot: r, flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED}
                  - munmap: {process: p, region: a, page: 1}
                  - madvise: {process: p, region: a, pages: 0-2, advice: dontneed}
                  - mlock: {process: p, region: b}
                  - munlock: {process: p, region: b, page: 0}
                  - mremap: {process: p, region: a, length: 8K, flags: maymove fixed, to: window+100}
                  - touch: {process: p, region: a, page: 1}
                  - brk: {process: p, to: 12388}
                  - brk: {process: p, to: -4096}
                  - touch: {process: p, region: heap, pages: [0, 2]}
                  - munmap: {process: p, region: window, pages: 20-27}
                  - exec: {process: p}
                  - mmap: {process: p, at: heap+1, length: 1M, prot: none}
                """);
        FakeSyscalls sys = new FakeSyscalls();
        run(s, sys);
        assertEquals(List.of(
                "spawn(p) = 1",
                "mmap(1, 0x0, 0x3000, rwx, shared anonymous populate) = 0x7ffff7ffc000",
                "mmap(1, 0x7ffff7fff000, 0x64, r, private anonymous fixed) = 0x7ffff7fff000",
                "munmap(1, 0x7ffff7ffd000, 0x1000) = 0",
                "madvise(1, 0x7ffff7ffc000, 0x3000, dontneed) = 0",
                "mlock(1, 0x7ffff7fff000, 0x1000) = 0",
                "munlock(1, 0x7ffff7fff000, 0x1000) = 0",
                "mremap(1, 0x7ffff7ffc000, 0x3000, 0x2000, maymove fixed, 0x7f0000064000) = 0x7f0000064000",
                "access(1, 0x7f0000065000, read) = 0",
                "brk(1, 0x0) = 0x555555559000",
                "brk(1, 0x55555555c064) = 0x55555555c064",
                "brk(1, 0x555555558000) = 0x55555555c064",
                "access(1, 0x555555559000, read) = 0",
                "access(1, 0x55555555b000, read) = 0",
                "munmap(1, 0x7f0000014000, 0x8000) = 0",
                "execve(1) = 0",
                "brk(1, 0x0) = 0x555555559000",
                "mmap(1, 0x55555555a000, 0x100000, none, private anonymous) = 0x55555555a000"),
                sys.log.stream().filter(l -> !l.startsWith("STEP") && !l.startsWith("=")).toList());
        assertEquals(List.of("STEP 0 cpu 1", "spawn(p) = 1", "= 1"), sys.log.subList(0, 3));
        assertEquals(Map.of(10, "brk to heap-4096 refused: the break stays at heap+12388"), run(s, new FakeSyscalls())
                .failures());
    }

    @Test
    void aFailedCallIsNotedAndTheStepsThatNeedItsResultDoNothing() {
        Scenario s = ScenarioParser.parse("f.yaml", HEAD + """
                  - spawn: {process: p}
                  - mmap: {process: p, as: a, length: 8 pages, prot: rw}
                  - touch: {process: p, region: a, pages: 0-7, write: true}
                  - fork: {process: p, child: c}
                  - touch: {process: c, region: window, page: 3}
                  - exit: {process: c}
                  - mmap: {process: p, as: b, at: a+8, length: 1 page, prot: r}
                  - touch: {process: p, region: window, pages: 0-2}
                """);
        FakeSyscalls sys = new FakeSyscalls();
        sys.fail.put("mmap", -12L);
        sys.fail.put("fork", -11L);
        sys.fail.put("access", -14L);
        ScenarioWorkload w = run(s, sys);
        assertEquals(List.of(
                "STEP 0 cpu 0", "spawn(p) = 1", "= 1",
                "STEP 1 cpu 0", "mmap(1, 0x0, 0x8000, rw, private anonymous) = -12", "= 1",
                "STEP 2 cpu 0", "= 0",
                "STEP 3 cpu 0", "fork(1) = -11", "= 1",
                "STEP 4 cpu 0", "= 0",
                "STEP 5 cpu 0", "= 0",
                "STEP 6 cpu 0", "= 0",
                "STEP 7 cpu 0", "access(1, 0x7f0000000000, read) = -14", "access(1, 0x7f0000001000, read) = 0",
                "access(1, 0x7f0000002000, read) = -14", "= 3"), sys.log);
        Map<Integer, String> failures = new LinkedHashMap<>();
        failures.put(1, "mmap returned -ENOMEM");
        failures.put(2, "skipped: region a of p is not mapped (its mmap at line 7 returned -ENOMEM)");
        failures.put(3, "fork returned -EAGAIN");
        failures.put(4, "skipped: process c does not exist (its fork at line 9 returned -EAGAIN)");
        failures.put(5, "skipped: process c does not exist (its fork at line 9 returned -EAGAIN)");
        failures.put(6, "skipped: region a of p is not mapped (its mmap at line 7 returned -ENOMEM)");
        failures.put(7, "page 0: the load returned -EFAULT (the process would get SIGSEGV) (and 1 more)");
        assertEquals(failures, w.failures());
    }

    /** A checkpoint's copy of the workload, run on a copy of the kernel, makes the calls the original makes. */
    @Test
    void aForkedWorkloadGoesOnAsTheOriginalDoes() {
        Scenario s = ScenarioParser.parse("k.yaml", HEAD + """
                  - spawn: {process: p}
                  - mmap: {process: p, as: a, length: 4 pages, prot: rw}
                  - touch: {process: p, region: a, pages: 0-3, write: true}
                  - fork: {process: p, child: c}
                  - mremap: {process: c, region: a, length: 8 pages, flags: maymove}
                  - touch: {process: c, region: a, pages: [7, 0]}
                  - touch: {process: p, region: a, page: 3}
                """);
        List<String> whole = calls(s, -1);
        for (int cut = 0; cut <= 12; cut++) {
            assertEquals(whole, calls(s, cut), "forked after " + cut + " operations");
        }
        assertEquals("mremap(2, 0x7ffff7ffb000, 0x4000, 0x8000, maymove, 0x0) = 0x7f1000000000", whole.get(7));
        assertEquals("access(2, 0x7f1000007000, read) = 0", whole.get(8));
    }

    /**
     * The calls of the whole scenario; with {@code cut} at 0 or more, the workload runs that many
     * operations, then a fork of it runs the rest on a kernel of its own and a copy of the fake.
     */
    private static List<String> calls(Scenario s, int cut) {
        Map<Kernel, FakeSyscalls> fakes = new IdentityHashMap<>();
        ScenarioWorkload w = new ScenarioWorkload(s, fakes::get);
        FakeSyscalls first = new FakeSyscalls();
        Kernel kernel = boot(s, first);
        fakes.put(kernel, first);
        for (int i = 0; cut < 0 || i < cut; i++) {
            if (!w.runNext(kernel)) {
                break;
            }
        }
        FakeSyscalls second = first.copy();
        Kernel other = kernel.fork();
        trace(other, second);
        fakes.put(other, second);
        Workload copy = w.fork();
        while (copy.runNext(other)) {
            assertTrue(second.log.size() < 1000);
        }
        return second.log.stream().filter(l -> !l.startsWith("STEP") && !l.startsWith("=")).toList();
    }

    @Test
    void theEventBoundCountsOneEventPerSystemCallAndNoneForAnAccess() {
        Scenario s = ScenarioParser.parse("b.yaml", HEAD + """
                  - spawn: {process: p}
                  - mmap: {process: p, as: a, length: 64 pages, prot: rw}
                  - touch: {process: p, region: a, pages: 0-63, write: true}
                  - fork: {process: p, child: c}
                  - munmap: {process: c, region: a}
                """);
        Workload.EventBound b = new ScenarioWorkload(s).minimumEvents();
        assertEquals(2 + 2 + 1 + 2 + 2, b.events());
        assertEquals(new Workload.EventBound.Part("steps[2].touch (line 8)", 1), b.parts().get(4));
    }

    // ---- running -----------------------------------------------------------------------------

    private static ScenarioWorkload run(Scenario s, FakeSyscalls sys) {
        ScenarioWorkload w = new ScenarioWorkload(s, k -> sys);
        Kernel kernel = boot(s, sys);
        int ops = 0;
        while (w.runNext(kernel)) {
            assertTrue(++ops < 10_000, "runs away");
        }
        assertEquals(0, w.minimumEvents().events());
        return w;
    }

    /** A kernel whose STEP events go into the fake's log. */
    private static Kernel boot(Scenario s, FakeSyscalls sys) {
        Kernel kernel = Kernel.boot(s.machine());
        trace(kernel, sys);
        return kernel;
    }

    /** Logs the STEP events of {@code kernel} (its steps started from now on, and their ends). */
    private static void trace(Kernel kernel, FakeSyscalls sys) {
        kernel.setTracer(new Tracer() {
            private final Deque<EventType> open = new ArrayDeque<>();

            @Override
            public void enter(EventType type, int cpu, int pid, long[] args) {
                open.push(type);
                if (type == WorkloadEvents.STEP) {
                    sys.log.add("STEP " + args[0] + " cpu " + cpu);
                }
            }

            @Override
            public void exit(long result) {
                if (open.isEmpty() || open.pop() == WorkloadEvents.STEP) {
                    sys.log.add("= " + result);
                }
            }

            @Override
            public void point(EventType type, int cpu, int pid, long[] args) {
            }
        });
    }

    /**
     * Logs each call with its result. spawn and fork give the next pid; mmap without an address
     * gives the next range below 0x7ffff7fff000 (the model's mmap_base), with one the address;
     * brk(0) gives the heap's start 0x555555559000, a brk below it is refused; the rest give 0.
     * {@link #fail} makes every call of a name give an errno, access only every other one.
     */
    static final class FakeSyscalls implements SyscallTarget {
        final List<String> log = new ArrayList<>();
        final Map<String, Long> fail = new LinkedHashMap<>();
        private int pids;
        private long mmapBase = 0x7ffff7fff000L;
        private long brk = -1;
        private int accesses;

        FakeSyscalls copy() {
            FakeSyscalls c = new FakeSyscalls();
            c.log.addAll(log);
            c.fail.putAll(fail);
            c.pids = pids;
            c.mmapBase = mmapBase;
            c.brk = brk;
            c.accesses = accesses;
            return c;
        }

        private long result(String call, String args, long ok) {
            long r = fail.containsKey(call) && (!call.equals("access") || accesses++ % 2 == 0) ? fail.get(call) : ok;
            log.add(call + "(" + args + ") = " + (r < 0 || r < 10 ? Long.toString(r) : "0x" + Long.toHexString(r)));
            return r;
        }

        private static String hex(long v) {
            return "0x" + Long.toHexString(v);
        }

        @Override
        public long spawn(String comm) {
            return (int) result("spawn", comm, ++pids);
        }

        @Override
        public long setOomScoreAdj(int pid, int adj) {
            return result("setOomScoreAdj", pid + ", " + adj, 0);
        }

        @Override
        public long fork(int pid) {
            long r = result("fork", Integer.toString(pid), pids + 1);
            if (r > 0) {
                pids++;
            }
            return r;
        }

        @Override
        public long exit(int pid) {
            return result("exit", Integer.toString(pid), 0);
        }

        @Override
        public long execve(int pid) {
            brk = -1;
            return result("execve", Integer.toString(pid), 0);
        }

        @Override
        public long mmap(int pid, long addr, long len, int prot, int flags, int fd, long offset) {
            assertEquals(-1, fd);
            assertEquals(0, offset);
            long at = addr != 0 ? addr : mmapBase - StepReader.pages(len) * 4096;
            long r = result("mmap", pid + ", " + hex(addr) + ", " + hex(len) + ", " + MmanWords.protText(prot) + ", "
                    + MmanWords.MAP.text(flags), at);
            if (r > 0 && addr == 0) {
                mmapBase = at;
            }
            return r;
        }

        @Override
        public long munmap(int pid, long addr, long len) {
            return result("munmap", pid + ", " + hex(addr) + ", " + hex(len), 0);
        }

        @Override
        public long mprotect(int pid, long addr, long len, int prot) {
            return result("mprotect", pid + ", " + hex(addr) + ", " + hex(len) + ", " + MmanWords.protText(prot), 0);
        }

        @Override
        public long mremap(int pid, long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
            long at = (flags & MmanWords.MREMAP_FIXED) != 0 ? newAddr : (flags & 1) != 0
                    ? 0x7f1000000000L : oldAddr;
            return result("mremap", pid + ", " + hex(oldAddr) + ", " + hex(oldLen) + ", " + hex(newLen) + ", "
                    + MmanWords.MREMAP.text(flags) + ", " + hex(newAddr), at);
        }

        @Override
        public long madvise(int pid, long addr, long len, int advice) {
            return result("madvise", pid + ", " + hex(addr) + ", " + hex(len) + ", " + MmanWords.MADV.name(advice), 0);
        }

        @Override
        public long brk(int pid, long want) {
            long start = 0x555555559000L;
            if (brk < 0) {
                brk = start;
            }
            if (want >= start) {
                brk = want;
            }
            return result("brk", pid + ", " + hex(want), brk);
        }

        @Override
        public long mlock(int pid, long addr, long len) {
            return result("mlock", pid + ", " + hex(addr) + ", " + hex(len), 0);
        }

        @Override
        public long munlock(int pid, long addr, long len) {
            return result("munlock", pid + ", " + hex(addr) + ", " + hex(len), 0);
        }

        @Override
        public long access(int pid, long addr, boolean write) {
            return result("access", pid + ", " + hex(addr) + ", " + (write ? "write" : "read"), 0);
        }

        @Override
        public long open(int pid, int ino, boolean writable) {
            return result("open", pid + ", inode " + ino + (writable ? ", rw" : ", ro"), 3);
        }

        @Override
        public long close(int pid, int fd) {
            return result("close", pid + ", " + fd, 0);
        }

        @Override
        public long pread(int pid, int fd, long pgoff, long pages) {
            return result("pread", pid + ", " + fd + ", page " + pgoff + ", " + pages + " pages", pages * 4096);
        }

        @Override
        public long pwrite(int pid, int fd, long pgoff, long pages) {
            return result("pwrite", pid + ", " + fd + ", page " + pgoff + ", " + pages + " pages", pages * 4096);
        }

        @Override
        public long fadvise(int pid, int fd, long pgoff, long pages, Fadvise.Advice advice) {
            return result("fadvise", pid + ", " + fd + ", page " + pgoff + ", " + pages + " pages, " + advice, 0);
        }
    }
}
