package dev.folioscope.scenario;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.proc.Kstate;
import dev.folioscope.kernel.task.Task;
import java.util.List;

/**
 * The conformance kit's dump as a step (format version 2): what kstate_dump prints for the
 * scenario's window, so that a scenario written after a C case of src/test/resources/conformance
 * prints, with {@code run --dump kstate}, the text the case printed on the real kernel.
 *
 * <p>The dump is output, and output is kernel work: kstate_flush writes it to standard output,
 * which record.sh sends to a file on a disk filesystem. So each dump is written through the page
 * cache to that file, and each page the output reaches for the first time is a new folio in the
 * writing CPU's LRU batch, as on the real machine.
 */
final class KstateKind {
    private KstateKind() {
    }

    /** The file standing for the kit's standard output. */
    static final String STDOUT = "kstate-stdout";
    /** kstate.h's RESERVE_PAGES: the window a dump covers. */
    static final long WINDOW_PAGES = 1024;

    static final StepKind<Step.Kstate> KSTATE = new CallKind<>("kstate", Step.Kstate.class,
            "the conformance kit's `kstate_dump(label)` of the window, written to standard output",
            "a mapping such as {process: parent, label: after-mmap}", List.of(CallKind.PROCESS,
                    new StepKind.Field("label", "label", "yes", "", "the dump's label, as the C case names it"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Kstate parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            String label = in.label(in.require(e, this, "label"), e.path("label"));
            return new Step.Kstate(process, label, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Kstate s) {
            return s.process();
        }

        /** The dump names the process "parent", or "child" if a fork made it (kstate_fork). */
        @Override
        void run(Step.Kstate s, Run run, int op) {
            Kernel k = run.kernel();
            int pid = pid(run, s.process());
            Task t = k.tasks().get(pid);
            KstateOutput out = run.kstate();
            String dump = Kstate.dump(k, t.mm(), run.scenario().window(), WINDOW_PAGES, s.label(),
                    t.parent() == 0 ? "parent" : "child", out.frames(s.process()), Kstate.Options.DEFAULT);
            long before = out.append(dump);
            if (k.pageCache().byName(STDOUT) == null && k.createFile(STDOUT, 0) < 0) {
                run.fail("no standard output: the machine has as many files as it may");
                return;
            }
            long first = before / 4096;
            long last = (before + dump.length() - 1) / 4096;
            run.failed("write", FileKinds.io(run, s.process(), STDOUT, fd -> run.sys().pwrite(pid, fd, first,
                    last - first + 1)));
        }

        @Override
        public String describe(Step.Kstate s) {
            return "kstate " + s.process() + " " + s.label();
        }
    };
}
