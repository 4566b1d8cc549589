package dev.folioscope.cli;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.proc.PidFile;
import dev.folioscope.kernel.proc.ProcFile;
import dev.folioscope.kernel.task.Task;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.Timeline;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.ScenarioWorkload;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: runs a scenario headless and prints kernel-format text at one step. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario and print /proc files as the kernel would at a step.")
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "a scenario YAML file, or the name of a shipped scenario")
    private String scenario;

    @Option(names = "--at", paramLabel = "STEP", description = "the step to show (0 = booted; default: the last)")
    private Integer at;

    @Option(names = "--dump", split = ",", paramLabel = "FILE",
            description = "/proc files to print: buddyinfo, meminfo, pagetypeinfo, swaps, vmstat, zoneinfo, and with"
                    + " --pid maps, status, pagemap, smaps, smaps_rollup, oom_score, oom_score_adj (default: buddyinfo);"
                    + " or kstate alone: what the scenario's kstate steps print, as the conformance kit does")
    private List<String> dump = List.of("buddyinfo");

    private static final String KSTATE = "kstate";

    @Option(names = "--pid", paramLabel = "PID", description = "the process whose /proc/PID files to print")
    private Integer pid;

    @Override
    public Integer call() {
        if (dump.contains(KSTATE)) {
            return kstate();
        }
        for (String name : dump) {
            if (ProcFile.byName(name).isEmpty() && PidFile.byName(name).isEmpty()) {
                throw new UsageException("--dump " + name + ": no such /proc file; expected one of "
                        + String.join(", ", ProcFile.names()) + ", or with --pid one of "
                        + String.join(", ", PidFile.names()));
            }
            if (PidFile.byName(name).isPresent() && pid == null) {
                throw new UsageException("--dump " + name + ": a per-process file needs --pid");
            }
        }
        if (at != null && at < 0) {
            throw new UsageException("--at " + at + ": steps are numbered from 0 (the booted machine)");
        }
        Scenario s = ScenarioArgument.resolve(scenario);
        String text;
        try {
            text = render(s);
        } catch (OutOfMemoryError e) {
            throw Cli.recordingTooLarge(scenario);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        return Cli.EXIT_OK;
    }

    /**
     * --dump kstate: the scenario's kstate dumps, in order, which need the whole run (no --at) and
     * name their own processes (no --pid).
     */
    private Integer kstate() {
        if (dump.size() > 1 || at != null || pid != null) {
            throw new UsageException("--dump kstate prints every kstate step of the run: it takes no other --dump"
                    + " name, --at or --pid");
        }
        Scenario s = ScenarioArgument.resolve(scenario);
        String text = ScenarioWorkload.kstateOutput(s);
        if (text.isEmpty()) {
            spec.commandLine().getErr().println("folioscope: note: " + TerminalText.clean(scenario)
                    + " has no kstate step, so there is nothing to print");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        return Cli.EXIT_OK;
    }

    /** Records the scenario and renders the files at the step; all it allocates is garbage on return. */
    private String render(Scenario s) {
        Recording r = Recorder.record(Catalog.input(s), n -> { });
        if (r.cutShort()) {
            spec.commandLine().getErr().println("folioscope: note: " + TerminalText.clean(scenario)
                    + ": the recording was cut short: " + r.cutShortReason());
        }
        int step = at == null ? r.lastStep() : at;
        if (step > r.lastStep()) {
            throw new UsageException("--at " + step + ": the recording has steps 0.." + r.lastStep());
        }
        Timeline.Moment m = r.timeline().seek(step);
        Task task = pid == null ? null : m.kernel().tasks().get(pid);
        if (pid != null && (task == null || !task.alive())) {
            throw new UsageException("--pid " + pid + ": no live process has that pid at step " + step);
        }
        StringBuilder b = new StringBuilder();
        for (String name : dump) {
            String path = ProcFile.byName(name).isPresent() ? "/proc/" + name : "/proc/" + pid + "/" + name;
            if (dump.size() > 1) {
                b.append("==> ").append(path).append(" <==\n");
            }
            b.append(ProcFile.byName(name).map(f -> f.render(m.kernel()))
                    .orElseGet(() -> PidFile.byName(name).orElseThrow().render(m.kernel(), task.mm())));
        }
        return b.toString();
    }
}
