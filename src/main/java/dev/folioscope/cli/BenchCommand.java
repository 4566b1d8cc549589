package dev.folioscope.cli;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.RecordingFile;
import dev.folioscope.recording.Timeline;
import dev.folioscope.scenario.ScenarioParser;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench}: records a random alloc/free scenario (by default about a million events; with
 * {@code --steps} and {@code --ops} up to the event budget), or with {@code --faults} a process
 * writing every page of an anonymous mapping, or with {@code --pressure} anonymous memory and a
 * file read each as large as RAM, and reports recording speed (and for faults the
 * host kernel's speed at the same work), seek and step latency, file bytes per event, checkpoints
 * and heap in use. A measurement to report, never a pass/fail test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure recording speed, seek latency, bytes per event and heap.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--ops", description = "random alloc/free operations per step (default: ${DEFAULT-VALUE})")
    private int ops = 180_000;

    @Option(names = "--steps", description = "random steps, each of --ops operations (default: ${DEFAULT-VALUE})")
    private int steps = 1;

    @Option(names = "--memory", description = "machine memory (default: ${DEFAULT-VALUE})")
    private String memory = "1G";

    @Option(names = "--seeks", description = "random seeks to time (default: ${DEFAULT-VALUE})")
    private int seeks = 300;

    @Option(names = "--faults", paramLabel = "N", description = "instead of the random mix: a process maps N"
            + " anonymous pages and writes each (N write faults), timed against the host kernel doing the same"
            + " with a small C program when gcc is available")
    private int faults;

    @Option(names = "--pressure", description = "instead of the random mix: memory pressure on a --memory machine"
            + " with as much swap: one process writes anonymous memory as large as RAM while another reads a file"
            + " as large as RAM, in alternating chunks (2x overcommitted: kswapd, direct reclaim, swap-out)")
    private boolean pressure;

    @Option(names = "--events", paramLabel = "N", description = "the event budget, where the recording stops"
            + " (default: the recorder's)")
    private int events;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (steps < 1) {
            throw new UsageException("--steps " + steps + ": at least 1");
        }
        if (faults > 0 && pressure) {
            throw new UsageException("--faults and --pressure: one workload at a time");
        }
        if (events < 0) {
            throw new UsageException("--events " + events + ": at least 1");
        }
        String yaml = faults > 0 ? faultsScenario(faults) : pressure ? pressureScenario() : mixScenario();
        var input = Catalog.input(ScenarioParser.parse("bench.yaml", yaml));
        Recorder.Budget defaults = Recorder.Budget.defaults();
        Recorder.Budget budget = events > 0 ? new Recorder.Budget(events, defaults.checkpointBytes()) : defaults;
        Runtime rt = Runtime.getRuntime();
        String work = faults > 0 ? faults + " write faults" : pressure ? "anonymous memory and a file read, each as"
                + " large as RAM, with as much swap" : steps + " random step(s) of " + ops + " ops";
        out.printf(Locale.ROOT, "setup:           %s machine, %s; heap max %d MiB, checkpoint budget %d MiB, event"
                + " budget %d%n", faults > 0 ? machineFor(faults) : memory, work, rt.maxMemory() >> 20,
                budget.checkpointBytes() >> 20, budget.events());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        Recording r = Recorder.record(input, n -> { }, budget);
        double recordS = (System.nanoTime() - t0) / 1e9;
        double cpuS = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        int events = r.lastStep();
        out.printf(Locale.ROOT, "recorded:        %d events in %.2f s = %.0f events/s%s%n", events, recordS,
                events / recordS, r.cutShort() ? " (cut short: " + r.cutShortReason() + ")" : "");
        out.printf(Locale.ROOT, "recording cpu:   %.2f s on the recording thread = %.0f events/s; %.2f s in GC"
                + " (wall time varies with the other tenants of a shared machine, this less)%n", cpuS,
                events / cpuS, (gcMillis() - gc0) / 1e3);
        if (faults > 0) {
            double simulated = faults / recordS;
            out.printf(Locale.ROOT, "faults:          %.0f faults/s simulated and recorded (%.1f events per fault)%n",
                    simulated, (double) events / faults);
            HostTouch.run(faults).ifPresentOrElse(host -> out.printf(Locale.ROOT, "host kernel:     %.0f faults/s"
                    + " (touch.c, same faults on this machine's kernel); simulator/host = %.2f%n", host,
                    simulated / host), () -> out.println("host kernel:     not measured (no gcc, or touch.c failed)"));
        }
        if (pressure) {
            out.printf(Locale.ROOT, "reclaim:         %s%n", reclaimCounters(r));
        }
        long t1 = System.nanoTime();
        int fileBytes = RecordingFile.toBytes(r).length;
        out.printf(Locale.ROOT, "file:            %d bytes = %.2f bytes/event, written in %.2f s%n", fileBytes,
                (double) fileBytes / events, (System.nanoTime() - t1) / 1e9);
        out.printf(Locale.ROOT, "checkpoints:     %d (%.0f events apart on average)%n", r.checkpointCount(),
                (double) events / r.checkpointCount());
        Timeline t = r.timeline();
        Random rnd = new Random(42);
        for (int i = 0; i < 50; i++) {
            t.seek(rnd.nextInt(events + 1));
        }
        double[] seek = new double[seeks];
        double[] stepped = new double[seeks];
        for (int i = 0; i < seeks; i++) {
            int target = 1 + rnd.nextInt(events - 1);
            long a = System.nanoTime();
            t.seek(target);
            seek[i] = (System.nanoTime() - a) / 1e6;
            long b = System.nanoTime();
            t.seek(rnd.nextBoolean() ? target + 1 : target - 1);
            stepped[i] = (System.nanoTime() - b) / 1e6;
        }
        out.printf(Locale.ROOT, "seek random:     p50 %.2f ms, p99 %.2f ms (%d seeks)%n", pct(seek, 50), pct(seek, 99),
                seeks);
        out.printf(Locale.ROOT, "step +-1:        p50 %.2f ms, p99 %.2f ms%n", pct(stepped, 50), pct(stepped, 99));
        System.gc();
        var objects = r.objects();
        out.printf(Locale.ROOT, "object index:    %d objects, %d (event, object) pairs = %.2f per event, %.2f"
                + " bytes/pair%n", objects.objects(), objects.pairs(), (double) objects.pairs() / events,
                (double) objects.bytes() / objects.pairs());
        out.printf(Locale.ROOT, "counters:        %.1f MiB = %.2f bytes/event%n", r.counters().bytes() / 1048576.0,
                (double) r.counters().bytes() / events);
        out.printf(Locale.ROOT, "heap in use:     %.1f MiB after GC, recording held (event index %.1f MiB: events"
                + " %.1f, objects %.1f)%n", (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                (r.events().bytes() + objects.bytes()) / 1048576.0, r.events().bytes() / 1048576.0,
                objects.bytes() / 1048576.0);
        out.flush();
        return Cli.EXIT_OK;
    }

    private String mixScenario() {
        String step = """
                  - random:
                      label: mix
                      ops: %d
                      orders: {0: 80, 1: 8, 2: 6, 3: 4, 9: 2}
                      gfp: {GFP_KERNEL: 3, GFP_HIGHUSER_MOVABLE: 6, GFP_ATOMIC: 1}
                      free_percent: 48
                """.formatted(ops);
        return """
                version: 1
                title: Benchmark random mix
                description: A random mix of small allocations and frees, for the benchmark.
                seed: 7
                machine:
                  memory: %s
                  cpus: 2
                steps:
                """.formatted(memory) + step.repeat(steps);
    }

    /** The pages of one pread of the pressure workload: 1 MiB. */
    private static final long READ_PAGES = 256;

    /**
     * Memory pressure: a process maps anonymous memory as large as RAM, and a file as large as
     * RAM waits on disk; 64 rounds each write the next 64th of the mapping and read the next 64th
     * of the file (1 MiB at a time), so both kinds of memory compete for RAM all along.
     */
    private String pressureScenario() {
        String machine = "machine: {memory: %s, cpus: 2, swap: %s}%n".formatted(memory, memory);
        String head = """
                version: 2
                title: Benchmark memory pressure
                description: Anonymous memory and page cache, each as large as RAM, with as much swap.
                """ + machine + "steps:\n";
        // The parser sizes the machine (and says what is wrong with --memory); RAM is its present pages.
        MachineConfig m = ScenarioParser.parse("bench.yaml", head + "  - spawn: {process: anon}\n").machine();
        long pages = m.zones().stream().mapToLong(MachineConfig.ZoneConfig::present).sum();
        long chunk = pages / 64;
        StringBuilder sb = new StringBuilder(head).append("""
                  - spawn: {process: anon}
                  - spawn: {process: reader}
                  - file: {file: data, size: %d pages}
                  - mmap: {process: anon, as: a, length: %d pages, prot: rw}
                """.formatted(chunk * 64, chunk * 64));
        for (long first = 0; first < chunk * 64; first += chunk) {
            sb.append("  - touch: {process: anon, region: a, pages: ").append(first).append('-')
                    .append(first + chunk - 1).append(", write: true}\n");
            // 1 MiB preads, as a program reads: a checkpoint can only fall between system calls.
            for (long r = first; r < first + chunk; r += READ_PAGES) {
                long last = Math.min(r + READ_PAGES, first + chunk) - 1;
                sb.append("  - read: {process: reader, file: data, pages: ").append(r).append('-').append(last)
                        .append("}\n");
            }
        }
        return sb.toString();
    }

    /** The reclaim and swap counters at the end of a recording, as /proc/vmstat names them. */
    private static String reclaimCounters(Recording r) {
        Kernel k = r.timeline().seek(r.lastStep()).kernel();
        StringJoiner sj = new StringJoiner(", ");
        for (VmEvent e : List.of(VmEvent.PGSCAN_KSWAPD, VmEvent.PGSCAN_DIRECT, VmEvent.PGSTEAL_KSWAPD,
                VmEvent.PGSTEAL_DIRECT, VmEvent.PSWPOUT, VmEvent.PSWPIN, VmEvent.ALLOCSTALL_MOVABLE)) {
            sj.add(e.vmstatName() + " " + k.node().vmEvents(e));
        }
        return sj.toString();
    }

    /** The machine for {@code n} faults: the pages, plus room for page tables and the allocator's reserves. */
    private static String machineFor(int n) {
        return ((long) n * 4096 / (1 << 20) + 256) + "M";
    }

    private static String faultsScenario(int n) {
        return """
                version: 2
                title: Benchmark write faults
                description: A process maps anonymous memory and writes every page once.
                machine: {memory: %s, cpus: 2}
                steps:
                  - spawn: {process: p}
                  - mmap: {process: p, as: a, length: %d pages, prot: rw}
                  - touch: {process: p, region: a, pages: 0-%d, write: true}
                """.formatted(machineFor(n), n, n - 1);
    }

    /** Milliseconds every garbage collector has spent collecting so far. */
    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static double pct(double[] xs, int p) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
