package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.pagealloc.Gfp;
import java.util.List;

/**
 * The step kinds of format version 1, which drive the page allocator and the vmstat worker
 * directly, with no process: alloc, free, random, idle and drain_all_pages.
 *
 * <p>Events per operation (see PageAlloc and Vmstat): two for an allocation (__alloc_pages, then
 * get_page_from_freelist or, above MAX_PAGE_ORDER, warn_alloc), two for a free (__free_pages,
 * free_pages_prepare), as many as the machine has CPUs for a second of idle time (vmstat_update on
 * each) and one for drain_all_pages.
 */
final class PageAllocKinds {
    private PageAllocKinds() {
    }

    static final StepKind.Field NOTE = new StepKind.Field("note", "string", "no", "none", "");

    private static StepKind.Field cpu(String meaning) {
        return new StepKind.Field("cpu", "integer 0..`cpus`-1", "no", "`0`", meaning);
    }

    static final StepKind<Step.Alloc> ALLOC = new StepKind<>("alloc", 1, Step.Alloc.class,
            "`count` calls of `alloc_pages(gfp, order)`", "a mapping such as {label: a, order: 0}", List.of(
                    new StepKind.Field("label", "label", "yes", "", "the blocks are filed under it, oldest first"),
                    new StepKind.Field("order", "integer 0.." + Zone.MAX_PAGE_ORDER, "yes", "",
                            "block size, 2^order pages (" + Zone.MAX_PAGE_ORDER + " = `MAX_PAGE_ORDER`)"),
                    new StepKind.Field("count", "integer 1.." + ScenarioParser.MAX_COUNT, "no", "`1`",
                            "number of calls"),
                    new StepKind.Field("gfp", "gfp mask", "no", "`GFP_KERNEL`", "the allocation's flags"),
                    cpu("the CPU the allocating task runs on; its per-CPU page lists are used"),
                    new StepKind.Field("note", "string", "no", "none", "what to look at in this step")), "count") {
        @Override
        Step.Alloc parse(StepReader in, YamlNodes.Entries a, int line) {
            YamlNodes yaml = in.yaml();
            String label = in.label(in.require(a, this, "label"), a.path("label"));
            int order = (int) yaml.integer(in.require(a, this, "order"), a.path("order"), 0, Zone.MAX_PAGE_ORDER,
                    StepReader.ORDER);
            int count = (int) a.integer("count", 1, ScenarioParser.MAX_COUNT, 1);
            String gfpText = "GFP_KERNEL";
            int gfp = Gfp.GFP_KERNEL;
            if (a.has("gfp")) {
                gfpText = yaml.string(a.get("gfp"), a.path("gfp")).strip();
                gfp = in.gfp(a.get("gfp"), a.path("gfp"), gfpText);
            }
            int cpu = in.cpu(a);
            String note = in.note(a);
            in.defineLabel(label);
            return new Step.Alloc(label, order, count, gfp, gfpText, cpu, note, line);
        }

        @Override
        void run(Step.Alloc a, Run run, int op) {
            run.alloc(a.label(), a.gfp(), a.order());
        }

        @Override
        long plannedOps(Step.Alloc a) {
            return a.count();
        }

        @Override
        long minEventsPerOp(Step.Alloc a, MachineConfig machine) {
            return 2;
        }

        @Override
        public String describe(Step.Alloc a) {
            return "alloc " + a.label() + ": " + a.count() + " \u00d7 order " + a.order() + ", " + a.gfpText();
        }
    };

    static final StepKind<Step.Free> FREE = new StepKind<>("free", 1, Step.Free.class,
            "`free_pages` for the blocks of a label, oldest first", "a mapping such as {label: a}", List.of(
                    new StepKind.Field("label", "label", "yes", "", "defined by an earlier `alloc` or `random` step"),
                    new StepKind.Field("count", "integer 1.." + ScenarioParser.MAX_COUNT, "no",
                            "all blocks of the label", "how many blocks to free. If fewer are live (some"
                                    + " allocations may have failed), all of them are freed."),
                    cpu("the CPU the freeing task runs on; its per-CPU page lists are used"), NOTE), null) {
        @Override
        Step.Free parse(StepReader in, YamlNodes.Entries f, int line) {
            String label = in.definedLabel(in.require(f, this, "label"), f.path("label"));
            Integer count = f.has("count") ? (int) f.integer("count", 1, ScenarioParser.MAX_COUNT, 0) : null;
            int cpu = in.cpu(f);
            return new Step.Free(label, count, cpu, in.note(f), line);
        }

        @Override
        int ops(Step.Free f, Run run) {
            int held = run.blocks(f.label()).size();
            return f.count() == null ? held : Math.min(f.count(), held);
        }

        @Override
        void run(Step.Free f, Run run, int op) {
            BlockList list = run.blocks(f.label());
            run.kernel().pageAlloc().freePages(list.pfn(0), list.order(0));
            list.removeFirst();
        }

        /** None: the blocks it will find are not known before it starts. */
        @Override
        long plannedOps(Step.Free f) {
            return 0;
        }

        @Override
        long minEventsPerOp(Step.Free f, MachineConfig machine) {
            return 2;
        }

        @Override
        public String describe(Step.Free f) {
            return "free " + f.label() + (f.count() == null ? " (all)" : ": " + f.count());
        }
    };

    static final StepKind<Step.Random> RANDOM = new StepKind<>("random", 1, Step.Random.class,
            "`ops` operations drawn from the scenario's seeded generator", "a mapping such as {ops: 1000}", List.of(
                    new StepKind.Field("label", "label", "no", "`" + ScenarioParser.DEFAULT_RANDOM_LABEL + "`",
                            "the allocated blocks are filed under it"),
                    new StepKind.Field("ops", "integer 1.." + ScenarioParser.MAX_OPS, "yes", "",
                            "number of operations"),
                    new StepKind.Field("orders", "mapping order → weight", "no", "`{0: 1}`", "orders 0.."
                            + Zone.MAX_PAGE_ORDER + ", each listed at most once (`0` and `0x0` are the same order),"
                            + " weights 1.." + ScenarioParser.MAX_WEIGHT),
                    new StepKind.Field("gfp", "mapping gfp mask → weight", "no", "`{GFP_KERNEL: 1}`", "masks each"
                            + " listed at most once: two keys that spell the same mask, such as `GFP_KERNEL` and"
                            + " `__GFP_RECLAIM \\| __GFP_IO \\| __GFP_FS`, are refused. Weights 1.."
                            + ScenarioParser.MAX_WEIGHT + "."),
                    new StepKind.Field("free_percent", "integer 0..100", "no", "`50`", "chance of a free, in percent"),
                    cpu("the CPU the task runs on, for its allocations and frees alike"), NOTE), "ops") {
        @Override
        Step.Random parse(StepReader in, YamlNodes.Entries r, int line) {
            String label = r.has("label") ? in.label(r.get("label"), r.path("label"))
                    : ScenarioParser.DEFAULT_RANDOM_LABEL;
            int ops = (int) in.yaml().integer(in.require(r, this, "ops"), r.path("ops"), 1, ScenarioParser.MAX_OPS);
            List<Step.Weighted> orders = r.has("orders") ? in.orderWeights(r.get("orders"), r.path("orders"))
                    : List.of(new Step.Weighted(0, "0", 1));
            List<Step.Weighted> gfps = r.has("gfp") ? in.gfpWeights(r.get("gfp"), r.path("gfp"))
                    : List.of(new Step.Weighted(Gfp.GFP_KERNEL, "GFP_KERNEL", 1));
            int freePercent = (int) r.integer("free_percent", 0, 100, 50);
            int cpu = in.cpu(r);
            String note = in.note(r);
            in.defineLabel(label);
            return new Step.Random(label, ops, orders, gfps, freePercent, cpu, note, line);
        }

        /** A free of a random live block of the label, with probability free_percent/100, or an allocation. */
        @Override
        void run(Step.Random r, Run run, int op) {
            BlockList list = run.blocks(r.label());
            SplitMix64 rng = run.rng();
            if (list.size() > 0 && rng.nextInt(100) < r.freePercent()) {
                int i = rng.nextInt(list.size());
                run.kernel().pageAlloc().freePages(list.pfn(i), list.order(i));
                list.swapRemove(i);
            } else {
                int order = pick(rng, r.orders()).value();
                int gfp = pick(rng, r.gfps()).value();
                run.alloc(r.label(), gfp, order);
            }
        }

        @Override
        long plannedOps(Step.Random r) {
            return r.ops();
        }

        @Override
        long minEventsPerOp(Step.Random r, MachineConfig machine) {
            return 2;
        }

        @Override
        public String describe(Step.Random r) {
            return "random " + r.label() + ": " + r.ops() + " ops";
        }
    };

    static final StepKind<Step.Idle> IDLE = new StepKind<>("idle", 1, Step.Idle.class,
            "the machine idles for `seconds` seconds", "a mapping such as {seconds: 5}", List.of(
                    new StepKind.Field("seconds", "integer 1.." + ScenarioParser.MAX_IDLE_SECONDS, "yes", "",
                            "how long the machine idles"), NOTE), "seconds") {
        @Override
        Step.Idle parse(StepReader in, YamlNodes.Entries i, int line) {
            int seconds = (int) in.yaml().integer(in.require(i, this, "seconds"), i.path("seconds"), 1,
                    ScenarioParser.MAX_IDLE_SECONDS);
            return new Step.Idle(seconds, in.note(i), line);
        }

        @Override
        void run(Step.Idle i, Run run, int op) {
            run.kernel().idleSecond();
        }

        @Override
        long plannedOps(Step.Idle i) {
            return i.seconds();
        }

        @Override
        long minEventsPerOp(Step.Idle i, MachineConfig machine) {
            return machine.cpus();
        }

        @Override
        public String describe(Step.Idle i) {
            return "idle " + i.seconds() + " s";
        }
    };

    static final StepKind<Step.DrainAllPages> DRAIN_ALL_PAGES = new StepKind<>("drain_all_pages", 1,
            Step.DrainAllPages.class, "empty every per-CPU page list", "a mapping with only a note, e.g. {note: ...}",
            List.of(NOTE), null) {
        @Override
        Step.DrainAllPages parse(StepReader in, YamlNodes.Entries d, int line) {
            return new Step.DrainAllPages(in.note(d), line);
        }

        @Override
        void run(Step.DrainAllPages d, Run run, int op) {
            run.kernel().pageAlloc().drainAllPages();
        }

        @Override
        long plannedOps(Step.DrainAllPages d) {
            return 1;
        }

        @Override
        long minEventsPerOp(Step.DrainAllPages d, MachineConfig machine) {
            return 1;
        }

        @Override
        public String describe(Step.DrainAllPages d) {
            return "drain_all_pages";
        }
    };

    /** A choice drawn by weight: one of weight w among weights summing to W with probability w/W. */
    private static Step.Weighted pick(SplitMix64 rng, List<Step.Weighted> choices) {
        long total = choices.stream().mapToLong(Step.Weighted::weight).sum();
        long x = rng.nextLong(total);
        for (Step.Weighted w : choices) {
            x -= w.weight();
            if (x < 0) {
                return w;
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }
}
