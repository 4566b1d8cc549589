package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import java.util.List;

/**
 * A step kind of format version 2: a process makes one system call (or, for touch, one access per
 * page). The step runs only if its process, and the regions it names, exist at run time (a fork or
 * an mmap may have failed); otherwise it makes no operation and the run notes why.
 *
 * <p>The event bound counts one event per call, the system call's own: the syscall layer reports
 * at least that much for each.
 */
abstract class CallKind<S extends Step> extends StepKind<S> {
    static final StepKind.Field PROCESS = new StepKind.Field("process", "process name", "yes", "",
            "the process that makes the call: one an earlier step spawned or forked, not exited");
    static final StepKind.Field REGION = new StepKind.Field("region", "region name", "yes", "",
            "a region the process has: one it mapped (`as`), or `window` or `heap`");
    static final StepKind.Field PAGE = new StepKind.Field("page", "integer ≥ 0", "no", "",
            "one page of the region, counted from 0");
    static final StepKind.Field PAGES = new StepKind.Field("pages", "page range", "no", "the whole region",
            "pages of the region, e.g. `2-4` (both included). Without `page` or `pages`, the call covers the"
                    + " whole region (not for `window` or `heap`).");
    static final StepKind.Field CPU = new StepKind.Field("cpu", "integer 0..`cpus`-1", "no", "`0`",
            "the CPU the process runs on");

    CallKind(String name, Class<S> type, String summary, String expected, List<Field> fields) {
        super(name, 2, type, summary, expected, fields, null);
    }

    /** The process that makes the call. */
    abstract String process(S step);

    /** The regions the step uses; none by default. */
    String[] regions(S step) {
        return new String[0];
    }

    @Override
    int ops(S step, Run run) {
        return run.ready(process(step), regions(step)) ? (int) plannedOps(step) : 0;
    }

    @Override
    long plannedOps(S step) {
        return 1;
    }

    @Override
    long minEventsPerOp(S step, MachineConfig machine) {
        return 1;
    }

    /** The pid of the step's process, which {@link #ops} found ready. */
    static int pid(Run run, String process) {
        return run.process(process).pid();
    }

    /** "8 pages", or "100 bytes" for a length that is not whole pages. */
    static String length(long bytes) {
        return bytes % 4096 == 0 ? StepReader.count(bytes / 4096) : bytes + " bytes";
    }
}
