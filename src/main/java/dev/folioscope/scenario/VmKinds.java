package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The step kinds of a process's memory (format version 2): the memory system calls mmap, munmap,
 * mprotect, madvise, mlock, munlock, mremap and brk, and touch, the process's own loads and
 * stores.
 *
 * <p>Addresses are written relative to regions: the scenario's window (as the conformance cases'
 * kstate_at(page)), the heap, or a mapping a step named with {@code as} and whose address the run
 * keeps (mremap moves it). Page offsets are checked against the region's length where it is known
 * when the file is read.
 */
final class VmKinds {
    private VmKinds() {
    }

    private static final long PAGE_SIZE = MachineConfig.PAGE_SIZE;

    static final StepKind<Step.Mmap> MMAP = new CallKind<>("mmap", Step.Mmap.class,
            "`mmap()` of anonymous memory or of a file",
            "a mapping such as {process: p, as: a, at: window+16, length: 8 pages, prot: rw}", List.of(
                    CallKind.PROCESS,
                    new StepKind.Field("as", "region name", "no", "none", "the mapping becomes this region of the"
                            + " process (a label, not `window` or `heap`, not one of its regions now)"),
                    new StepKind.Field("at", "address", "no", "none: the kernel picks (hint 0)", "where to map: the"
                            + " address argument, a hint unless `flags` has `fixed` (which needs it)"),
                    new StepKind.Field("length", "length", "yes", "", "bytes; not a whole number of pages is"
                            + " rounded up by the kernel"),
                    new StepKind.Field("prot", "protection", "yes", "", "`none`, or the letters of `rwx` it grants"),
                    new StepKind.Field("flags", "mmap flags", "no", "`private anonymous`, or `private` with `file`",
                            "MAP_ flags as words; `anonymous` unless the step has `file` (then it must not)"),
                    new StepKind.Field("file", "file name", "no", "none: anonymous memory", "map this file (one an"
                            + " earlier `file` step declared), opened read-write for the call"),
                    new StepKind.Field("offset", "size", "no", "`0`", "with `file`: where in the file the mapping"
                            + " starts, in whole pages, such as `4 pages`"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Mmap parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            String as = e.has("as") ? in.newRegion(process, e.get("as"), e.path("as")) : null;
            Step.Address at = e.has("at") ? in.address(process, e.get("at"), e.path("at")) : null;
            long length = in.length(in.require(e, this, "length"), e.path("length"));
            int prot = in.prot(in.require(e, this, "prot"), e.path("prot"));
            String file = e.has("file") ? in.file(e.get("file"), e.path("file")) : null;
            long offset = 0;
            if (e.has("offset")) {
                if (file == null) {
                    throw in.yaml().error(e.get("offset"), e.path("offset") + " is given without file",
                            "file, the file to map, or no offset (anonymous memory has none)");
                }
                offset = in.filePages(e.get("offset"), e.path("offset"));
            }
            int flags = file == null ? MmanWords.MAP_PRIVATE | MmanWords.MAP_ANONYMOUS : MmanWords.MAP_PRIVATE;
            if (e.has("flags")) {
                flags = in.flags(e.get("flags"), e.path("flags"), MmanWords.MAP);
                boolean anonymous = (flags & MmanWords.MAP_ANONYMOUS) != 0;
                if (file == null && !anonymous) {
                    throw in.yaml().error(e.get("flags"), e.path("flags") + " " + YamlNodes.describe(e.get("flags"))
                            + " lacks anonymous", "anonymous among the flags, or a file to map (file: NAME)");
                }
                if (file != null && anonymous) {
                    throw in.yaml().error(e.get("flags"), e.path("flags") + " has anonymous but the step maps file "
                            + file, "flags without anonymous (shared or private)");
                }
                if (at == null && (flags & (MmanWords.MAP_FIXED | MmanWords.MAP_FIXED_NOREPLACE)) != 0) {
                    throw in.yaml().error(e.get("flags"), e.path("flags") + " has " + (
                            (flags & MmanWords.MAP_FIXED) != 0 ? "fixed" : "fixed_noreplace") + " but the step has no at",
                            "at, the address to map at, e.g. at: window+16");
                }
            }
            Step.Mmap m = new Step.Mmap(process, as, at, length, prot, flags, file, offset, in.cpu(e), in.note(e),
                    line);
            if (as != null) {
                in.mapped(process, as, length, line);
            }
            return m;
        }

        @Override
        String process(Step.Mmap m) {
            return m.process();
        }

        @Override
        String[] regions(Step.Mmap m) {
            return new String[] {m.at() == null ? null : m.at().region()};
        }

        @Override
        void run(Step.Mmap m, Run run, int op) {
            long addr = run.address(m.process(), m.at());
            int pid = pid(run, m.process());
            long r = m.file() == null ? run.sys().mmap(pid, addr, m.length(), m.prot(), m.flags(), -1, 0)
                    : FileKinds.io(run, m.process(), m.file(), fd -> run.sys().mmap(pid, addr, m.length(), m.prot(),
                            m.flags(), fd, m.offset() * PAGE_SIZE));
            boolean failed = run.failed("mmap", r);
            if (m.as() != null) {
                run.region(m.process(), m.as(), failed ? new Run.Region(-1, m.length(), "its mmap at line " + m.line()
                        + " returned " + Run.errno(r)) : new Run.Region(r, m.length(), null));
            }
        }

        @Override
        public String describe(Step.Mmap m) {
            return "mmap " + m.process() + (m.as() == null ? "" : " " + m.as()) + ": " + length(m.length()) + " "
                    + MmanWords.protText(m.prot()) + (m.file() == null ? "" : " of " + m.file()
                    + (m.offset() == 0 ? "" : " from page " + m.offset())) + (m.at() == null ? "" : " at " + m.at())
                    + ", " + MmanWords.MAP.text(m.flags());
        }
    };

    static final StepKind<Step.Munmap> MUNMAP = new SpanKind<>("munmap", Step.Munmap.class,
            "`munmap()` of pages of a region", "", List.of()) {
        @Override
        Step.Munmap make(StepReader in, YamlNodes.Entries e, Step.Span span, int line) {
            in.unmapped(span.process(), span.region(), span.pages(), line);
            return new Step.Munmap(span, in.cpu(e), in.note(e), line);
        }

        @Override
        long call(SyscallTarget sys, int pid, long addr, long len, Step.Munmap s) {
            return sys.munmap(pid, addr, len);
        }

        /** A munmap that leaves nothing of a named region ends it. */
        @Override
        void done(Step.Munmap s, Run run, long first, long count) {
            Run.Region r = run.region(s.span().process(), s.span().region());
            if (r != null && first == 0 && count >= r.pages()) {
                run.region(s.span().process(), s.span().region(), null);
            }
        }
    };

    static final StepKind<Step.Mprotect> MPROTECT = new SpanKind<>("mprotect", Step.Mprotect.class,
            "`mprotect()` of pages of a region", ", prot: r", List.of(new StepKind.Field("prot", "protection", "yes",
                    "", "the new protection: `none`, or the letters of `rwx` it grants"))) {
        @Override
        Step.Mprotect make(StepReader in, YamlNodes.Entries e, Step.Span span, int line) {
            int prot = in.prot(in.require(e, this, "prot"), e.path("prot"));
            return new Step.Mprotect(span, prot, in.cpu(e), in.note(e), line);
        }

        @Override
        long call(SyscallTarget sys, int pid, long addr, long len, Step.Mprotect s) {
            return sys.mprotect(pid, addr, len, s.prot());
        }

        @Override
        public String describe(Step.Mprotect s) {
            return super.describe(s) + " to " + MmanWords.protText(s.prot());
        }
    };

    static final StepKind<Step.Madvise> MADVISE = new SpanKind<>("madvise", Step.Madvise.class,
            "`madvise()` of pages of a region", ", advice: dontneed", List.of(new StepKind.Field("advice", "advice",
                    "yes", "", "MADV_ advice as a word: `dontneed`, `free`, `dontfork`, `wipeonfork`, `cold`,"
                            + " `pageout`..."))) {
        @Override
        Step.Madvise make(StepReader in, YamlNodes.Entries e, Step.Span span, int line) {
            int advice = in.advice(in.require(e, this, "advice"), e.path("advice"));
            return new Step.Madvise(span, advice, in.cpu(e), in.note(e), line);
        }

        @Override
        long call(SyscallTarget sys, int pid, long addr, long len, Step.Madvise s) {
            return sys.madvise(pid, addr, len, s.advice());
        }

        @Override
        public String describe(Step.Madvise s) {
            return super.describe(s) + " " + MmanWords.MADV.name(s.advice());
        }
    };

    static final StepKind<Step.Mlock> MLOCK = new PlainSpanKind<>("mlock", Step.Mlock.class,
            "`mlock()` of pages of a region", Step.Mlock::new, SyscallTarget::mlock);

    static final StepKind<Step.Munlock> MUNLOCK = new PlainSpanKind<>("munlock", Step.Munlock.class,
            "`munlock()` of pages of a region", Step.Munlock::new, SyscallTarget::munlock);

    static final StepKind<Step.Mremap> MREMAP = new CallKind<>("mremap", Step.Mremap.class,
            "`mremap()` of a region, which follows the mapping",
            "a mapping such as {process: p, region: a, length: 8 pages}", List.of(CallKind.PROCESS,
                    new StepKind.Field("region", "region name", "yes", "", "a region the process mapped (`as`):"
                            + " the old address and length are its own"),
                    new StepKind.Field("length", "length", "yes", "", "the new length"),
                    new StepKind.Field("flags", "mremap flags", "no", "none", "MREMAP_ flags as words: `maymove`,"
                            + " `fixed`, `dontunmap`"),
                    new StepKind.Field("to", "address", "with `fixed`", "", "the new address (MREMAP_FIXED)"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Mremap parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            Node regionNode = in.require(e, this, "region");
            String region = in.yaml().string(regionNode, e.path("region"));
            if (in.region(process, regionNode, e.path("region")) < 0) {
                throw in.yaml().error(regionNode, e.path("region") + " " + YamlNodes.quoted(region)
                        + " is not a mapping of its own", "a region the process mapped with as");
            }
            long length = in.length(in.require(e, this, "length"), e.path("length"));
            int flags = e.has("flags") ? in.flags(e.get("flags"), e.path("flags"), MmanWords.MREMAP) : 0;
            Step.Address to = e.has("to") ? in.address(process, e.get("to"), e.path("to")) : null;
            boolean fixed = (flags & MmanWords.MREMAP_FIXED) != 0;
            if (fixed && to == null) {
                throw in.yaml().error(e.get("flags"), e.path("flags") + " has fixed but the step has no to",
                        "to, the address to move to, e.g. to: window+100");
            }
            if (!fixed && to != null) {
                throw in.yaml().error(e.get("to"), e.path("to") + " is given but flags lack fixed",
                        "flags: maymove fixed with to (the kernel reads the new address only with MREMAP_FIXED)");
            }
            Step.Mremap m = new Step.Mremap(process, region, length, flags, to, in.cpu(e), in.note(e), line);
            in.remapped(process, region, length);
            return m;
        }

        @Override
        String process(Step.Mremap m) {
            return m.process();
        }

        @Override
        String[] regions(Step.Mremap m) {
            return new String[] {m.region(), m.to() == null ? null : m.to().region()};
        }

        @Override
        void run(Step.Mremap m, Run run, int op) {
            Run.Region old = run.region(m.process(), m.region());
            long to = run.address(m.process(), m.to());
            long r = run.sys().mremap(pid(run, m.process()), old.base(), old.length(), m.length(), m.flags(), to);
            if (!run.failed("mremap", r)) {
                run.region(m.process(), m.region(), new Run.Region(r, m.length(), null));
            }
        }

        @Override
        public String describe(Step.Mremap m) {
            return "mremap " + m.process() + " " + m.region() + " to " + length(m.length())
                    + (m.flags() == 0 ? "" : ", " + MmanWords.MREMAP.text(m.flags())) + (m.to() == null ? ""
                    : " at " + m.to());
        }
    };

    static final StepKind<Step.Brk> BRK = new CallKind<>("brk", Step.Brk.class,
            "`brk()`: the program break moves", "a mapping such as {process: p, to: 32K}",
            List.of(CallKind.PROCESS,
                    new StepKind.Field("to", "bytes", "yes", "", "the new break, in bytes from the heap's start"
                            + " (`mm->start_brk`, the break the process started with): an integer, which may be"
                            + " negative, or a size such as `32K` or `3 pages`"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Brk parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            long to = in.size(in.require(e, this, "to"), e.path("to"), "bytes from the start of the heap: an integer"
                    + " (may be negative) or a size such as 32K or 3 pages, at most 2^47");
            return new Step.Brk(process, to, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Brk b) {
            return b.process();
        }

        /** The kernel returns the break it has: a refused brk returns the old one. */
        @Override
        void run(Step.Brk b, Run run, int op) {
            long start = run.base(b.process(), Step.HEAP);
            long want = Math.max(0, start + b.to());
            long r = run.sys().brk(pid(run, b.process()), want);
            if (r != want) {
                run.fail("brk to " + heap(b.to()) + " refused: the break stays at " + heap(r - start));
            }
        }

        @Override
        public String describe(Step.Brk b) {
            return "brk " + b.process() + " to " + heap(b.to());
        }

        private static String heap(long offset) {
            return offset < 0 ? Step.HEAP + offset : Step.HEAP + "+" + offset;
        }
    };

    static final StepKind<Step.Touch> TOUCH = new CallKind<>("touch", Step.Touch.class,
            "loads or stores by the process, one per page",
            "a mapping such as {process: p, region: a, pages: 0-3, write: true}", List.of(CallKind.PROCESS,
                    CallKind.REGION,
                    new StepKind.Field("page", "integer ≥ 0", "`page` or `pages`", "", "one page of the region,"
                            + " counted from 0"),
                    new StepKind.Field("pages", "pages", "`page` or `pages`", "", "a page, a range (`0-3`, both"
                            + " included) or a list of them (`[0, 2, 4-7]`, at most "
                            + ScenarioParser.MAX_TOUCH_ITEMS + " items), accessed in that order"),
                    new StepKind.Field("write", "`true` or `false`", "no", "`false`", "a store (write fault) rather"
                            + " than a load (read fault)"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        String requiredKeys() {
            return "keys process, region and page or pages (write, cpu and note are optional)";
        }

        @Override
        Step.Touch parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            Node regionNode = in.require(e, this, "region");
            long length = in.region(process, regionNode, e.path("region"));
            String region = in.yaml().string(regionNode, e.path("region"));
            List<Step.Pages> pages = in.pageList(e, this, region, length);
            boolean write = e.has("write") && in.yaml().bool(e.get("write"), e.path("write"));
            return new Step.Touch(process, region, pages, write, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Touch t) {
            return t.process();
        }

        @Override
        String[] regions(Step.Touch t) {
            return new String[] {t.region()};
        }

        @Override
        long plannedOps(Step.Touch t) {
            return t.count();
        }

        /** None: an access the page table allows enters no kernel code. */
        @Override
        long minEventsPerOp(Step.Touch t, MachineConfig machine) {
            return 0;
        }

        @Override
        void run(Step.Touch t, Run run, int op) {
            if (!run.alive(t.process())) {
                return;
            }
            long page = page(t.pages(), op);
            long r = run.sys().access(pid(run, t.process()), run.base(t.process(), t.region()) + page * PAGE_SIZE,
                    t.write());
            if (r < 0) {
                run.fail("page " + page + ": the " + (t.write() ? "store" : "load") + " returned " + Run.errno(r)
                        + " (the process would get SIGSEGV)");
            }
        }

        @Override
        public String describe(Step.Touch t) {
            String pages = String.join(", ", t.pages().stream().map(Step.Pages::toString).toList());
            return "touch " + t.process() + " " + t.region() + (t.count() == 1 ? " page " : " pages ") + pages
                    + ", " + (t.write() ? "write" : "read");
        }
    };

    /** The page of operation {@code op}: the pages of the list one after the other. */
    private static long page(List<Step.Pages> pages, long op) {
        long left = op;
        for (Step.Pages p : pages) {
            if (left < p.count()) {
                return p.first() + left;
            }
            left -= p.count();
        }
        throw new IllegalStateException("operation " + op + " is past the pages of the step");
    }

    /**
     * A system call on pages of a region, {@link Step.Span}: munmap, mprotect, madvise, mlock and
     * munlock. Its keys are the process, the region and its page or pages (or neither: all of a
     * region the process mapped), then the kind's own, then cpu and note.
     */
    abstract static class SpanKind<S extends Step & Step.Spanned> extends CallKind<S> {
        /**
         * @param example the kind's own keys in a flow mapping, after the span's: ", prot: r"
         * @param own the kind's own keys
         */
        SpanKind(String name, Class<S> type, String summary, String example, List<StepKind.Field> own) {
            super(name, type, summary, "a mapping such as {process: p, region: a, pages: 2-4" + example + "}",
                    fields(own));
        }

        private static List<StepKind.Field> fields(List<StepKind.Field> own) {
            List<StepKind.Field> all = new ArrayList<>(List.of(CallKind.PROCESS, CallKind.REGION,
                    CallKind.PAGE, CallKind.PAGES));
            all.addAll(own);
            all.addAll(List.of(CallKind.CPU, PageAllocKinds.NOTE));
            return all;
        }

        /** Reads the kind's own keys, cpu and note, after the span. */
        abstract S make(StepReader in, YamlNodes.Entries e, Step.Span span, int line);

        abstract long call(SyscallTarget sys, int pid, long addr, long len, S step);

        /** After a call that succeeded on {@code count} pages from {@code first}. */
        void done(S step, Run run, long first, long count) {
        }

        @Override
        final S parse(StepReader in, YamlNodes.Entries e, int line) {
            return make(in, e, in.span(e, this), line);
        }

        @Override
        final String process(S step) {
            return step.span().process();
        }

        @Override
        final String[] regions(S step) {
            return new String[] {step.span().region()};
        }

        @Override
        final void run(S step, Run run, int op) {
            Step.Span span = step.span();
            long first = span.pages() == null ? 0 : span.pages().first();
            long count = span.pages() == null ? run.region(span.process(), span.region()).pages()
                    : span.pages().count();
            long addr = run.base(span.process(), span.region()) + first * PAGE_SIZE;
            long r = call(run.sys(), pid(run, span.process()), addr, count * PAGE_SIZE, step);
            if (!run.failed(name(), r)) {
                done(step, run, first, count);
            }
        }

        @Override
        public String describe(S step) {
            return name() + " " + step.span();
        }
    }

    /** A span kind with no key of its own, made of its record's constructor and its system call. */
    static final class PlainSpanKind<S extends Step & Step.Spanned> extends SpanKind<S> {
        /** A record's canonical constructor: (span, cpu, note, line). */
        interface Maker<S> {
            S make(Step.Span span, int cpu, String note, int line);
        }

        /** The system call: (syscalls, pid, addr, len) to its result. */
        interface Call {
            long call(SyscallTarget sys, int pid, long addr, long len);
        }

        private final Maker<S> maker;
        private final Call call;

        PlainSpanKind(String name, Class<S> type, String summary, Maker<S> maker, Call call) {
            super(name, type, summary, "", List.of());
            this.maker = maker;
            this.call = call;
        }

        @Override
        S make(StepReader in, YamlNodes.Entries e, Step.Span s, int line) {
            return maker.make(s, in.cpu(e), in.note(e), line);
        }

        @Override
        long call(SyscallTarget sys, int pid, long addr, long len, S step) {
            return call.call(sys, pid, addr, len);
        }
    }
}
