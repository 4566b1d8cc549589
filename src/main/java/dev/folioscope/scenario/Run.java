package dev.folioscope.scenario;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.trace.Errno;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a scenario's run holds between operations, and what a step's operations run against: the
 * blocks filed under each label, the generator of the step that is running, the processes by name
 * with their pids, heaps and regions, and what failed in which step. A checkpoint keeps a
 * {@link #fork()}.
 *
 * <p>A system call that fails is no error of the scenario: the kernel's events show it, and the
 * run notes it against its step ({@link #failures()}). A step whose process or region does not
 * exist at run time (its fork or mmap failed) makes no operation and notes why.
 */
final class Run {
    private static final long PAGE = 4096;

    private final Scenario scenario;
    private final Function<Kernel, SyscallTarget> syscalls;
    private final Map<String, BlockList> labels;
    /** The processes made so far and not exited, by name. */
    private final Map<String, Process> processes;
    /** What failed, by step index. */
    private final Map<Integer, Failure> failures;
    /** The kstate dumps printed so far, and each process's frame numbering (kstate steps). */
    private KstateOutput kstate;
    private Kernel kernel;
    private SplitMix64 rng;
    private int step = -1;

    /**
     * A process: its pid, or, when it could not be made, -1 and why. {@code heapStart} is -1 until
     * a step needs it; {@code regions} are the named mappings it holds.
     */
    record Process(int pid, String missing, long heapStart, Map<String, Region> regions) {
        Process {
            regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
        }

        Process withRegion(String name, Region r) {
            Map<String, Region> copy = new LinkedHashMap<>(regions);
            if (r == null) {
                copy.remove(name);
            } else {
                copy.put(name, r);
            }
            return new Process(pid, missing, heapStart, copy);
        }
    }

    /** A named mapping: its address and length in bytes, or, when it is not mapped, -1 and why. */
    record Region(long base, long length, String missing) {
        long pages() {
            return StepReader.pages(length);
        }
    }

    /** The first failure of a step, and how many there were. */
    private record Failure(String first, int count) {
    }

    Run(Scenario scenario, Function<Kernel, SyscallTarget> syscalls) {
        this(scenario, syscalls, new LinkedHashMap<>(), new LinkedHashMap<>(), new TreeMap<>(), new KstateOutput(),
                null, -1);
    }

    private Run(Scenario scenario, Function<Kernel, SyscallTarget> syscalls, Map<String, BlockList> labels,
            Map<String, Process> processes, Map<Integer, Failure> failures, KstateOutput kstate, SplitMix64 rng,
            int step) {
        this.scenario = scenario;
        this.syscalls = syscalls;
        this.labels = labels;
        this.processes = processes;
        this.failures = failures;
        this.kstate = kstate;
        this.rng = rng;
        this.step = step;
    }

    /** An independent copy; it runs on no kernel until {@link #on} gives it one. */
    Run fork() {
        Map<String, BlockList> copy = new LinkedHashMap<>();
        labels.forEach((k, v) -> copy.put(k, v.copy()));
        return new Run(scenario, syscalls, copy, new LinkedHashMap<>(processes), new TreeMap<>(failures),
                kstate.copy(), rng == null ? null : rng.copy(), step);
    }

    /**
     * About how many bytes {@link #fork()} copies: the maps and their tables, per label an entry, a
     * block list and its two int arrays, and per process and region an entry and a record (the
     * records are shared, not copied, but a fork that changes one copies its process's map).
     */
    long footprintBytes() {
        long blocks = 160 + labels.values().stream().mapToLong(l -> 160 + 8L * Math.max(1, l.size())).sum();
        long tasks = processes.isEmpty() ? 0 : 160 + processes.values().stream()
                .mapToLong(p -> 200 + 100L * p.regions().size()).sum();
        return blocks + tasks + (failures.isEmpty() ? 0 : 160 + 100L * failures.size()) + kstate.footprintBytes();
    }

    Scenario scenario() {
        return scenario;
    }

    /** The kstate dumps and frame numberings of the run. */
    KstateOutput kstate() {
        return kstate;
    }

    /** Runs the next operations on {@code kernel}. */
    void on(Kernel kernel) {
        this.kernel = kernel;
    }

    Kernel kernel() {
        return kernel;
    }

    /**
     * Starts step {@code index}: its generator is seeded by the scenario's seed and the step's
     * index, so that steps do not disturb each other's choices.
     */
    void startStep(int index) {
        step = index;
        rng = new SplitMix64(scenario.seed() * 0x9e3779b97f4a7c15L + index);
    }

    void endStep() {
        rng = null;
    }

    /** The system calls of the kernel the run is on. */
    SyscallTarget sys() {
        return syscalls.apply(kernel);
    }

    SplitMix64 rng() {
        return rng;
    }

    /** The blocks filed under {@code label}, oldest first. */
    BlockList blocks(String label) {
        return labels.computeIfAbsent(label, l -> new BlockList());
    }

    /** One alloc_pages call; the block, if any, is filed under {@code label}. */
    void alloc(String label, int gfp, int order) {
        int pfn = kernel.pageAlloc().allocPages(gfp, order);
        if (pfn >= 0) {
            blocks(label).add(pfn, order);
        }
    }

    /** Every block held, as {pfn, order} pairs. */
    List<int[]> allocatedBlocks() {
        List<int[]> all = new ArrayList<>();
        labels.values().forEach(l -> l.forEach(all::add));
        return all;
    }

    // ---- processes and regions -------------------------------------------------------------

    /** The process of that name; the parser made sure a step names only one made before and running. */
    Process process(String name) {
        return processes.get(name);
    }

    void put(String name, Process p) {
        processes.put(name, p);
    }

    void exited(String name) {
        processes.remove(name);
    }

    /**
     * Whether a step of {@code process} that works on {@code regions} can run; if not, notes why
     * against the step. The window and the heap always exist ({@code null} names none).
     */
    boolean ready(String process, String... regions) {
        Process p = processes.get(process);
        if (p.missing() != null) {
            fail("skipped: process " + process + " does not exist (" + p.missing() + ")");
            return false;
        }
        if (!alive(process)) {
            return false;
        }
        for (String name : regions) {
            if (name == null || name.equals(Step.WINDOW) || name.equals(Step.HEAP)) {
                continue;
            }
            Region r = p.regions().get(name);
            if (r == null || r.missing() != null) {
                fail("skipped: region " + name + " of " + process + " is not mapped"
                        + (r == null ? "" : " (" + r.missing() + ")"));
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a process the run made is still alive in the kernel; if the OOM killer has killed
     * it, notes that against the running step (whose remaining work is skipped).
     */
    boolean alive(String process) {
        var t = kernel.tasks().get(processes.get(process).pid());
        if (t != null && !t.alive()) {
            fail("skipped: process " + process + " (pid " + t.pid() + ") was killed by the OOM killer");
            return false;
        }
        return true;
    }

    /**
     * The address of page 0 of a region of a ready process: the window's, the heap's (asked of the
     * kernel with brk(0) the first time a step needs it: the break a process starts with is its
     * heap's start) or a named region's.
     */
    long base(String process, String region) {
        if (region.equals(Step.WINDOW)) {
            return scenario.window();
        }
        Process p = processes.get(process);
        if (region.equals(Step.HEAP)) {
            if (p.heapStart() < 0) {
                p = new Process(p.pid(), null, sys().brk(p.pid(), 0), p.regions());
                processes.put(process, p);
            }
            return p.heapStart();
        }
        return p.regions().get(region).base();
    }

    /** An address of a ready process; null stands for none (0, the kernel picks). */
    long address(String process, Step.Address a) {
        if (a == null) {
            return 0;
        }
        return (a.region() == null ? 0 : base(process, a.region())) + a.page() * PAGE;
    }

    /** The region's bytes, or {@code null} for the window and the heap. */
    Region region(String process, String name) {
        return processes.get(process).regions().get(name);
    }

    /** Sets or (with {@code null}) drops a region of a process. */
    void region(String process, String name, Region r) {
        processes.computeIfPresent(process, (k, p) -> p.withRegion(name, r));
    }

    // ---- failures --------------------------------------------------------------------------

    /** Notes that something failed in the running step. */
    void fail(String what) {
        failures.merge(step, new Failure(what, 1), (a, b) -> new Failure(a.first(), a.count() + 1));
    }

    /** Notes a system call's result if it is an errno; true if it was. */
    boolean failed(String call, long result) {
        if (result < 0 && result >= -4095) {
            fail(call + " returned " + errno(result));
            return true;
        }
        return false;
    }

    /** "-ENOMEM". */
    static String errno(long result) {
        return "-" + Errno.name((int) -result);
    }

    /** What failed, by step index: the first failure of the step, and how many more there were. */
    Map<Integer, String> failures() {
        Map<Integer, String> all = new TreeMap<>();
        failures.forEach((i, f) -> all.put(i, f.first() + (f.count() > 1 ? " (and " + (f.count() - 1)
                + " more)" : "")));
        return all;
    }
}
