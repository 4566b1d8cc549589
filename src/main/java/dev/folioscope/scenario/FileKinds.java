package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.filemap.Inode;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The step kinds of files (format version 2): a file on the machine's disk, and a process's
 * reads and writes of it through the page cache. Mapping a file is mmap's {@code file} key.
 *
 * <p>A file is declared by name before any step uses it; it starts on disk, uncached, as a file
 * written and synced before the scenario (and dropped from the page cache) would.
 */
final class FileKinds {
    private FileKinds() {
    }

    static final StepKind.Field FILE = new StepKind.Field("file", "file name", "yes", "",
            "a file an earlier `file` step declared");

    static final StepKind<Step.File> FILE_STEP = new StepKind<>("file", 2, Step.File.class,
            "a file on the machine's disk, not yet in the page cache", "a mapping such as {file: data, size: 32 pages}",
            List.of(new StepKind.Field("file", "file name", "yes", "", "the file's name: a label not used by another"
                            + " file"),
                    new StepKind.Field("size", "size", "yes", "", "whole pages, such as `32 pages` or `128K`, up to"
                            + " " + ScenarioParser.MAX_FILE_PAGES / 256 + " MiB"),
                    PageAllocKinds.NOTE), null) {
        @Override
        Step.File parse(StepReader in, YamlNodes.Entries e, int line) {
            String name = in.newFile(in.require(e, this, "file"), e.path("file"));
            long pages = in.filePages(in.require(e, this, "size"), e.path("size"));
            in.filed(name, line);
            return new Step.File(name, pages, in.note(e), line);
        }

        @Override
        void run(Step.File f, Run run, int op) {
            if (run.kernel().createFile(f.file(), f.pages()) < 0) {
                run.fail("the machine has as many files as it may");
            }
        }

        @Override
        long plannedOps(Step.File f) {
            return 1;
        }

        @Override
        long minEventsPerOp(Step.File f, MachineConfig machine) {
            return 1;
        }

        @Override
        public String describe(Step.File f) {
            return "file " + f.file() + ": " + CallKind.length(f.pages() * 4096) + " on disk";
        }
    };

    static final StepKind<Step.Read> READ = new CallKind<>("read", Step.Read.class,
            "`pread()` of pages of a file, through the page cache (reading ahead)",
            "a mapping such as {process: p, file: data, pages: 0-7}", List.of(CallKind.PROCESS, FILE,
                    new StepKind.Field("pages", "page range", "yes", "", "pages of the file, e.g. `0-7` (both"
                            + " included) or `5`; reading past the end of the file stops there"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Read parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            String file = in.file(in.require(e, this, "file"), e.path("file"));
            Step.Pages pages = in.fileRange(in.require(e, this, "pages"), e.path("pages"));
            return new Step.Read(process, file, pages, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Read r) {
            return r.process();
        }

        @Override
        void run(Step.Read r, Run run, int op) {
            long n = io(run, r.process(), r.file(), fd -> run.sys().pread(pid(run, r.process()), fd,
                    r.pages().first(), r.pages().count()));
            if (n >= 0 && n < r.pages().count() * 4096) {
                run.fail("pread returned " + n + " bytes: the file ends at page " + r.pages().first() + n / 4096);
            } else {
                run.failed("pread", n);
            }
        }

        @Override
        public String describe(Step.Read r) {
            return "read " + r.process() + " " + r.file() + " pages " + r.pages();
        }
    };

    static final StepKind<Step.Write> WRITE = new CallKind<>("write", Step.Write.class,
            "`pwrite()` of pages of a file into the page cache, which dirties them",
            "a mapping such as {process: p, file: data, pages: 0-7}", List.of(CallKind.PROCESS, FILE,
                    new StepKind.Field("pages", "page range", "yes", "", "pages of the file, e.g. `0-7` (both"
                            + " included) or `5`; writing past the end grows the file"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Write parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            String file = in.file(in.require(e, this, "file"), e.path("file"));
            Step.Pages pages = in.fileRange(in.require(e, this, "pages"), e.path("pages"));
            return new Step.Write(process, file, pages, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Write w) {
            return w.process();
        }

        @Override
        void run(Step.Write w, Run run, int op) {
            run.failed("pwrite", io(run, w.process(), w.file(), fd -> run.sys().pwrite(pid(run, w.process()), fd,
                    w.pages().first(), w.pages().count())));
        }

        @Override
        public String describe(Step.Write w) {
            return "write " + w.process() + " " + w.file() + " pages " + w.pages();
        }
    };

    static final StepKind<Step.Fadvise> FADVISE = new CallKind<>("fadvise", Step.Fadvise.class,
            "`posix_fadvise()` on a file: drop its clean, unused pages from the page cache, or read them in",
            "a mapping such as {process: p, file: data, advice: dontneed}", List.of(CallKind.PROCESS, FILE,
                    new StepKind.Field("pages", "page range", "no", "the whole file", "pages of the file, e.g. `0-7`"
                            + " (both included) or `5`"),
                    new StepKind.Field("advice", "`dontneed` or `willneed`", "yes", "", "`dontneed`: clean folios"
                            + " nothing else holds leave the page cache, the others are deactivated; `willneed`:"
                            + " the pages are read in"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Fadvise parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            String file = in.file(in.require(e, this, "file"), e.path("file"));
            Step.Pages pages = e.has("pages") ? in.fileRange(e.get("pages"), e.path("pages")) : null;
            Fadvise.Advice advice = in.fadviseAdvice(in.require(e, this, "advice"), e.path("advice"));
            return new Step.Fadvise(process, file, pages, advice, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Fadvise f) {
            return f.process();
        }

        @Override
        void run(Step.Fadvise f, Run run, int op) {
            long first = f.pages() == null ? 0 : f.pages().first();
            long count = f.pages() == null ? 0 : f.pages().count();
            run.failed("posix_fadvise", io(run, f.process(), f.file(), fd -> run.sys().fadvise(pid(run, f.process()),
                    fd, first, count, f.advice())));
        }

        @Override
        public String describe(Step.Fadvise f) {
            return "fadvise " + f.process() + " " + f.file() + (f.pages() == null ? "" : " pages " + f.pages()) + " "
                    + f.advice().name().toLowerCase(java.util.Locale.ROOT);
        }
    };

    /**
     * open, the call, close — as a program reading or mapping a file by name does.
     *
     * @return the call's result; an open that failed (the file a failed file step left out)
     *     is noted in the run and its errno returned
     */
    static long io(Run run, String process, String file, IntToLongFunction call) {
        Inode inode = run.kernel().pageCache().byName(file);
        int pid = CallKind.pid(run, process);
        long fd = run.sys().open(pid, inode == null ? -1 : inode.ino(), true);
        if (run.failed("open of " + file, fd)) {
            return fd;
        }
        long r = call.applyAsLong((int) fd);
        run.sys().close(pid, (int) fd);
        return r;
    }
}
