package dev.folioscope.cli;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.proc.ProcFile;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.Timeline;
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
            description = "/proc files to print: buddyinfo, pagetypeinfo, zoneinfo (default: buddyinfo)")
    private List<String> dump = List.of("buddyinfo");

    @Override
    public Integer call() {
        List<ProcFile> files = dump.stream().map(ProcFile::byName).toList();
        Recording r = Recorder.record(Catalog.input(Catalog.resolve(scenario)), n -> { });
        int step = at == null ? r.lastStep() : at;
        if (step < 0 || step > r.lastStep()) {
            throw new IllegalArgumentException("--at " + step + ": the recording has steps 0.." + r.lastStep());
        }
        Timeline.Moment m = r.timeline().seek(step);
        for (ProcFile f : files) {
            if (files.size() > 1) {
                spec.commandLine().getOut().println("==> /proc/" + f.fileName() + " <==");
            }
            spec.commandLine().getOut().print(f.render(m.kernel()));
        }
        spec.commandLine().getOut().flush();
        return Cli.EXIT_OK;
    }
}
