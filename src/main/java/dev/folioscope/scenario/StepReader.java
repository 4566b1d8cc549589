package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.pagealloc.Gfp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a scenario's steps, in file order, through the {@link StepKinds} registry, and holds
 * what the steps read so far have made: labels, and the processes with their regions and their
 * lengths, so that a step naming something no earlier step made, or that is gone (an exited
 * process, an unmapped region), or a page outside a region, is refused at its position. The
 * kinds' parsers read their values through it.
 */
final class StepReader {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final long PAGE = MachineConfig.PAGE_SIZE;
    static final String ORDER = "an order from 0 to " + Zone.MAX_PAGE_ORDER + " (MAX_PAGE_ORDER)";

    private static final Pattern PROCESS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\S+?)\\s*-\\s*(\\S+)\\s*");
    /** {@code REGION} or {@code REGION+N}. */
    private static final Pattern OFFSET = Pattern.compile(
            "\\s*([A-Za-z0-9_][A-Za-z0-9_.-]*?)\\s*(?:\\+\\s*(\\S+)\\s*)?");
    /** {@code 4096}, {@code 0x1000}, {@code 32K}, {@code 8 pages}. */
    private static final Pattern LENGTH = Pattern.compile(
            "\\s*(0x[0-9a-fA-F_]+|[0-9][0-9_]*)\\s*(K|M|G|pages?)?\\s*");
    static final String LENGTH_EXPECTED = "a length from 1 byte to 2^47 (the user address space): bytes, or a number"
            + " with suffix K, M, G or pages, e.g. 8 pages or 32K";

    private final YamlNodes yaml;
    private final int version;
    /** machine.cpus: a step's cpu is below it. */
    private final int cpus;
    /** The scenario's window: page 0 of the region {@link Step#WINDOW} of every process. */
    private final long window;
    /** Labels defined by the alloc and random steps read so far. */
    private final Set<String> labels = new LinkedHashSet<>();
    /** The accesses of the touch steps read so far. */
    private long touches;
    /** Every process a step read so far made, running or exited, by name. */
    private final Map<String, Proc> processes = new LinkedHashMap<>();
    /** The files declared so far, each with the line of its file step. */
    private final Map<String, Integer> files = new LinkedHashMap<>();

    /** A process as the steps read so far leave it. */
    private static final class Proc {
        private final String made;
        private final Map<String, Region> regions;
        /** Regions that were mapped and are no more, by name: why. */
        private final Map<String, String> gone;
        private String exited;

        Proc(String made, Map<String, Region> regions, Map<String, String> gone) {
            this.made = made;
            this.regions = new LinkedHashMap<>(regions);
            this.gone = new LinkedHashMap<>(gone);
        }
    }

    /** A mapped region: its length in pages and the line of the step that mapped it. */
    private record Region(long pages, int line) {
    }

    StepReader(YamlNodes yaml, int version, int cpus, long window) {
        this.yaml = yaml;
        this.version = version;
        this.cpus = cpus;
        this.window = window;
    }

    YamlNodes yaml() {
        return yaml;
    }

    /**
     * What a step item must be, naming the kinds of the file's version: "a one-key mapping whose
     * key is the step kind (alloc, free, random, idle or drain_all_pages), such as ...".
     */
    String stepExpected() {
        return "a one-key mapping whose key is the step kind (" + StepKinds.orList(StepKinds.names(version))
                + "), such as '- alloc: {label: a, order: 0}' or '- drain_all_pages:'";
    }

    /** The steps list: at least one step and at most {@value ScenarioParser#MAX_STEPS}. */
    List<Step> steps(Node node) {
        List<Node> items = yaml.list(node, "steps", "a list of steps, each " + stepExpected());
        if (items.isEmpty()) {
            throw yaml.error(node, "steps is an empty list", "at least one "
                    + StepKinds.orList(StepKinds.names(version)) + " step");
        }
        if (items.size() > ScenarioParser.MAX_STEPS) {
            throw yaml.error(items.get(ScenarioParser.MAX_STEPS), "steps has " + items.size() + " steps",
                    "at most " + ScenarioParser.MAX_STEPS);
        }
        List<Step> steps = new ArrayList<>();
        for (Node item : items) {
            steps.add(step(item));
        }
        return steps;
    }

    private Step step(Node item) {
        List<NodeTuple> pairs = yaml.pairs(item, "a step", stepExpected());
        List<String> kinds = StepKinds.names(version);
        if (pairs.size() != 1) {
            List<String> keys = pairs.stream().map(t -> ((ScalarNode) t.getKeyNode()).getValue()).toList();
            throw yaml.error(item, "a step has " + pairs.size() + " keys (" + YamlNodes.names(keys) + ")",
                    "exactly one step kind (" + StepKinds.orList(kinds) + "), with the step's settings indented"
                            + " under it");
        }
        ScalarNode key = (ScalarNode) pairs.getFirst().getKeyNode();
        StepKind<?> kind = StepKinds.byName(key.getValue());
        if (kind == null) {
            throw yaml.error(key, "unknown step " + YamlNodes.quoted(key.getValue()),
                    "one of " + String.join(", ", kinds));
        }
        if (kind.version() > version) {
            throw yaml.error(key, "step " + kind.name() + " needs format version " + kind.version()
                    + " (this file is version " + version + ")", "version: " + kind.version()
                    + " at the top of the file, or one of " + String.join(", ", kinds));
        }
        return read(kind, pairs.getFirst().getValueNode(), item.getStartMark().getLine() + 1);
    }

    private <S extends Step> S read(StepKind<S> kind, Node body, int line) {
        boolean noneRequired = kind.fields().stream().noneMatch(StepKind.Field::isRequired);
        if (noneRequired && body instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            body = new MappingNode(Tag.MAP, true, List.of(), body.getStartMark(), body.getEndMark(), FlowStyle.FLOW);
        }
        String expected = noneRequired ? "nothing, {} or " + kind.expected() : kind.expected();
        YamlNodes.Entries entries = yaml.mapping(body, kind.name(), expected, kind.keys());
        return kind.parse(this, entries, line);
    }

    // ---- values shared by several kinds ----------------------------------------------------

    /** The value of a required key; a missing one is reported at the step's mapping, naming the kind's keys. */
    Node require(YamlNodes.Entries e, StepKind<?> kind, String key) {
        return e.require(key, kind.requiredKeys());
    }

    /** The step's cpu, 0 by default: one of machine.cpus. */
    int cpu(YamlNodes.Entries step) {
        return (int) step.integer("cpu", 0, cpus - 1, 0,
                "a CPU from 0 to " + (cpus - 1) + " (machine.cpus is " + cpus + ")");
    }

    /** The step's note, or {@code null}. */
    String note(YamlNodes.Entries step) {
        return step.string("note", null);
    }

    String label(Node node, String path) {
        String label = yaml.string(node, path);
        if (!LABEL.matcher(label).matches()) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node),
                    "a label of letters, digits, '_', '.' and '-', at most 64 characters");
        }
        return label;
    }

    /** Files blocks under {@code label} from here on. */
    void defineLabel(String label) {
        labels.add(label);
    }

    /** A label that an earlier alloc or random step defined. */
    String definedLabel(Node node, String path) {
        String label = label(node, path);
        if (!labels.contains(label)) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(label)
                    + " is not defined by an earlier alloc or random step",
                    labels.isEmpty() ? "an alloc or random step with this label before the free"
                            : "one of " + YamlNodes.names(labels));
        }
        return label;
    }

    int gfp(Node node, String path, String text) {
        int mask;
        try {
            mask = Gfp.parse(text);
        } catch (Gfp.UnknownFlagException e) {
            throw yaml.error(node, path + ": unknown gfp flag " + YamlNodes.quoted(e.word()), Gfp.EXPECTED);
        }
        if (Gfp.hasConflictingZoneModifiers(mask)) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(text) + " sets more than one of __GFP_DMA,"
                    + " __GFP_DMA32 and __GFP_HIGHMEM (a GFP_ZONE_BAD combination)", "at most one zone modifier");
        }
        if (Gfp.hasConflictingMigratetypes(mask)) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(text) + " sets both __GFP_MOVABLE and"
                    + " __GFP_RECLAIMABLE", "at most one migratetype modifier");
        }
        return mask;
    }

    List<Step.Weighted> orderWeights(Node node, String path) {
        return weights(node, path, "a mapping from orders to weights, e.g. {0: 70, 1: 10, 3: 5}", key -> {
            int order = (int) yaml.integer(key, path + " key", 0, Zone.MAX_PAGE_ORDER, ORDER);
            return new Step.Weighted(order, Integer.toString(order), 0);
        }, (first, again) -> path + " lists order " + again.value() + " twice", "each order at most once");
    }

    List<Step.Weighted> gfpWeights(Node node, String path) {
        String expected = "a mapping from gfp masks to weights, e.g. {GFP_KERNEL: 1, GFP_HIGHUSER_MOVABLE: 3}";
        return weights(node, path, expected, key -> {
            String text = yaml.string(key, path + " key").strip();
            return new Step.Weighted(gfp(key, path, text), text, 0);
        }, (first, again) -> path + " " + YamlNodes.quoted(again.text()) + " is the same mask as "
                + YamlNodes.quoted(first.text()),
                "each gfp mask at most once");
    }

    /**
     * A mapping from choices to weights, in file order: each key read by {@code choice} (its
     * weight left 0), no value twice, the weights 1..{@value ScenarioParser#MAX_WEIGHT} and their
     * sum at most {@value ScenarioParser#MAX_WEIGHT_SUM}.
     *
     * @param duplicate what is wrong when a key has the value of an earlier one: (earlier, this) to text
     */
    private List<Step.Weighted> weights(Node node, String path, String expected, Function<Node, Step.Weighted> choice,
            BiFunction<Step.Weighted, Step.Weighted, String> duplicate, String unique) {
        List<NodeTuple> pairs = yaml.pairs(node, path, expected);
        if (pairs.isEmpty()) {
            throw yaml.error(node, path + " is empty", expected);
        }
        record First(Node key, Step.Weighted choice) {
        }
        Map<Integer, First> seen = new LinkedHashMap<>();
        List<Step.Weighted> weights = new ArrayList<>();
        long sum = 0;
        for (NodeTuple t : pairs) {
            Step.Weighted c = choice.apply(t.getKeyNode());
            First first = seen.putIfAbsent(c.value(), new First(t.getKeyNode(), c));
            if (first != null) {
                throw yaml.error(t.getKeyNode(), duplicate.apply(first.choice(), c) + " (first at line "
                        + (first.key().getStartMark().getLine() + 1) + ")", unique);
            }
            int weight = (int) yaml.integer(t.getValueNode(), path + "." + YamlNodes.shown(c.text()), 1,
                    ScenarioParser.MAX_WEIGHT);
            sum += weight;
            weights.add(new Step.Weighted(c.value(), c.text(), weight));
        }
        if (sum > ScenarioParser.MAX_WEIGHT_SUM) {
            throw yaml.error(node, path + " weights sum to " + sum + ", more than " + ScenarioParser.MAX_WEIGHT_SUM,
                    "weights that sum to at most " + ScenarioParser.MAX_WEIGHT_SUM);
        }
        return weights;
    }

    // ---- processes -------------------------------------------------------------------------

    /**
     * A new process's name, at {@code node}: not the name of any process before (running or not),
     * and within {@value ScenarioParser#MAX_PROCESSES} processes.
     */
    String newProcess(Node node, String path) {
        String name = yaml.string(node, path);
        if (!PROCESS.matcher(name).matches()) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), "a process name of letters, digits, '_',"
                    + " '.' and '-', at most 15 characters (it is the task's comm)");
        }
        Proc earlier = processes.get(name);
        if (earlier != null) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " is already a process (" + earlier.made
                    + ")", "a new name: a process name is never used twice");
        }
        if (processes.size() >= ScenarioParser.MAX_PROCESSES) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " would be process "
                    + (processes.size() + 1), "at most " + ScenarioParser.MAX_PROCESSES + " processes in a scenario");
        }
        return name;
    }

    void spawned(String name, int line) {
        processes.put(name, new Proc("spawned at line " + line, Map.of(), Map.of()));
    }

    /** The child has the parent's regions, at the same addresses. */
    void forked(String parent, String child, int line) {
        Proc p = processes.get(parent);
        processes.put(child, new Proc("forked at line " + line, p.regions, p.gone));
    }

    void exited(String name, int line) {
        processes.get(name).exited = "exited at line " + line;
    }

    /** A new mm: the process has no region but the window and its heap. */
    void execed(String name, int line) {
        Proc p = processes.get(name);
        p.regions.keySet().forEach(r -> p.gone.put(r, "gone with the exec at line " + line));
        p.regions.clear();
    }

    /** The value of the step's required key {@code process}: a process an earlier step made, running. */
    String process(YamlNodes.Entries e, StepKind<?> kind) {
        Node node = require(e, kind, "process");
        String path = e.path("process");
        String name = yaml.string(node, path);
        Proc p = processes.get(name);
        List<String> running = processes.keySet().stream().filter(n -> processes.get(n).exited == null).toList();
        String expected = running.isEmpty() ? "a spawn step before this one, e.g. '- spawn: {process: p}'"
                : "one of " + YamlNodes.names(running);
        if (p == null) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " is not a process", expected);
        }
        if (p.exited != null) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " " + p.exited, "a running process: "
                    + (running.isEmpty() ? "none is left" : expected));
        }
        return name;
    }

    // ---- files -----------------------------------------------------------------------------

    /**
     * A new file's name, at {@code node}: a label no file step declared before, within
     * {@value ScenarioParser#MAX_FILES} files.
     */
    String newFile(Node node, String path) {
        String name = label(node, path);
        Integer earlier = files.get(name);
        if (earlier != null) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " is already a file (declared at line "
                    + earlier + ")", "a new name: each file is declared once");
        }
        if (files.size() >= ScenarioParser.MAX_FILES) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " would be file " + (files.size() + 1),
                    "at most " + ScenarioParser.MAX_FILES + " files in a scenario");
        }
        return name;
    }

    void filed(String name, int line) {
        files.put(name, line);
    }

    /** The value of the step's key {@code file}: a file an earlier file step declared. */
    String file(Node node, String path) {
        String name = yaml.string(node, path);
        if (!files.containsKey(name)) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " is not a file", files.isEmpty()
                    ? "a file step before this one, e.g. '- file: {file: data, size: 32 pages}'"
                    : "one of " + YamlNodes.names(List.copyOf(files.keySet())));
        }
        return name;
    }

    /** A file's size or a count of file pages: whole pages, at least one, at most the largest file. */
    long filePages(Node node, String path) {
        String expected = "a size of whole pages, from 1 page to " + (ScenarioParser.MAX_FILE_PAGES / 256)
                + " MiB, such as 32 pages or 128K";
        long bytes = size(node, path, expected);
        if (bytes < PAGE || bytes % PAGE != 0 || bytes / PAGE > ScenarioParser.MAX_FILE_PAGES) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), expected);
        }
        return bytes / PAGE;
    }

    /** The pages of a file a read or write step names ({@code 5} or {@code 0-31}), inside the largest file. */
    Step.Pages fileRange(Node node, String path) {
        Step.Pages pages = range(node, path, "a page of the file (5) or a range of pages (0-31), counted from 0");
        if (pages.last() >= ScenarioParser.MAX_FILE_PAGES) {
            throw yaml.error(node, path + " " + pages + " is past the largest file",
                    "pages below " + ScenarioParser.MAX_FILE_PAGES);
        }
        touches += pages.count();
        if (touches > ScenarioParser.MAX_TOUCHES) {
            throw yaml.error(node, path + " " + pages + " takes the pages accessed past " + ScenarioParser.MAX_TOUCHES,
                    "at most " + ScenarioParser.MAX_TOUCHES + " pages touched, read or written in a scenario");
        }
        return pages;
    }

    // ---- regions ---------------------------------------------------------------------------

    /**
     * A new region's name for {@code process}: not one of its regions now, and within
     * {@value ScenarioParser#MAX_REGIONS} regions.
     */
    String newRegion(String process, Node node, String path) {
        String name = label(node, path);
        if (name.equals(Step.WINDOW) || name.equals(Step.HEAP)) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " is a built-in region", "another name");
        }
        Proc p = processes.get(process);
        Region earlier = p.regions.get(name);
        if (earlier != null) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " is already a region of process " + process
                    + " (mapped at line " + earlier.line() + ")", "a new name, or a munmap of the whole region first");
        }
        if (p.regions.size() >= ScenarioParser.MAX_REGIONS) {
            throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " would be region " + (p.regions.size() + 1)
                    + " of process " + process, "at most " + ScenarioParser.MAX_REGIONS
                    + " regions in a process at once (munmap some first)");
        }
        return name;
    }

    void mapped(String process, String region, long length, int line) {
        Proc p = processes.get(process);
        p.regions.put(region, new Region(pages(length), line));
        p.gone.remove(region);
    }

    /** After a munmap of {@code pages} ({@code null}: all) of a region: gone if none is left. */
    void unmapped(String process, String region, Step.Pages pages, int line) {
        Proc p = processes.get(process);
        Region r = p.regions.get(region);
        if (r != null && (pages == null || pages.first() == 0 && pages.last() >= r.pages() - 1)) {
            p.regions.remove(region);
            p.gone.put(region, "unmapped at line " + line);
        }
    }

    /** After an mremap: the region is {@code length} bytes long. */
    void remapped(String process, String region, long length) {
        Proc p = processes.get(process);
        p.regions.computeIfPresent(region, (k, r) -> new Region(pages(length), r.line()));
    }

    /**
     * A region of {@code process} at {@code node}: one it mapped and still has, or a built-in one.
     *
     * @return its length in pages, or -1 for the window and the heap, which have none
     */
    long region(String process, Node node, String path) {
        return region(process, yaml.string(node, path), node, path);
    }

    /** As {@link #region(String, Node, String)}, for the name {@code name} written at {@code node}. */
    private long region(String process, String name, Node node, String path) {
        if (name.equals(Step.WINDOW) || name.equals(Step.HEAP)) {
            return -1;
        }
        Proc p = processes.get(process);
        Region r = p.regions.get(name);
        if (r != null) {
            return r.pages();
        }
        List<String> names = new ArrayList<>(p.regions.keySet());
        names.add(Step.WINDOW);
        names.add(Step.HEAP);
        String why = p.gone.containsKey(name) ? " (" + p.gone.get(name) + ")" : processes.entrySet().stream()
                .filter(e -> e.getValue().exited == null && e.getValue().regions.containsKey(name)).findFirst()
                .map(e -> " (it is a region of " + e.getKey() + ")").orElse("");
        throw yaml.error(node, path + " " + YamlNodes.quoted(name) + " is not a region of process " + process + why,
                "one of " + YamlNodes.names(names));
    }

    /**
     * The span of a memory system call: the step's process and region, and its {@code page} or
     * {@code pages} (a page or a range), or neither for the whole of a region the process mapped.
     */
    Step.Span span(YamlNodes.Entries e, StepKind<?> kind) {
        String process = process(e, kind);
        Node regionNode = require(e, kind, "region");
        long length = region(process, regionNode, e.path("region"));
        String region = yaml.string(regionNode, e.path("region"));
        Node pagesNode = pagesNode(e, kind);
        if (pagesNode == null) {
            if (length < 0) {
                throw yaml.error(regionNode, e.path("region") + " " + YamlNodes.quoted(region)
                        + " has no length of its own", "page or pages with it");
            }
            return new Step.Span(process, region, null);
        }
        String path = e.path(e.has("page") ? "page" : "pages");
        Step.Pages pages = e.has("page") ? page(pagesNode, path) : range(pagesNode, path,
                "a page (5) or a range of pages (2-4)");
        within(pagesNode, path, pages, region, length);
        return new Step.Span(process, region, pages);
    }

    /** The pages of a touch: a page, a range or a list of them, at most {@value ScenarioParser#MAX_OPS} in all. */
    List<Step.Pages> pageList(YamlNodes.Entries e, StepKind<?> kind, String region, long length) {
        Node node = pagesNode(e, kind);
        if (node == null) {
            throw yaml.error(e.node(), kind.name() + " has neither page nor pages", "one of them");
        }
        String path = e.path(e.has("page") ? "page" : "pages");
        String expected = "a page (5), a range of pages (0-3) or a list of them ([0, 2, 4-7])";
        List<Node> items = e.has("page") || !(node instanceof SequenceNode) ? List.of(node)
                : yaml.list(node, path, expected);
        if (items.isEmpty()) {
            throw yaml.error(node, path + " is an empty list", expected);
        }
        if (items.size() > ScenarioParser.MAX_TOUCH_ITEMS) {
            throw yaml.error(items.get(ScenarioParser.MAX_TOUCH_ITEMS), path + " has " + items.size() + " items",
                    "at most " + ScenarioParser.MAX_TOUCH_ITEMS + " (ranges count as one)");
        }
        List<Step.Pages> pages = new ArrayList<>();
        for (Node item : items) {
            Step.Pages p = e.has("page") ? page(item, path) : range(item, path, expected);
            within(item, path, p, region, length);
            touches += p.count();
            if (touches > ScenarioParser.MAX_TOUCHES) {
                throw yaml.error(item, path + " " + p + " takes the accesses of the touch steps past "
                        + ScenarioParser.MAX_TOUCHES, "at most " + ScenarioParser.MAX_TOUCHES + " pages touched in a"
                        + " scenario, all touch steps together");
            }
            pages.add(p);
        }
        return pages;
    }

    /** The value of page or pages; both is an error at the later one. */
    private Node pagesNode(YamlNodes.Entries e, StepKind<?> kind) {
        if (e.has("page") && e.has("pages")) {
            Node later = e.keyNode("page").getStartMark().getIndex() > e.keyNode("pages").getStartMark().getIndex()
                    ? e.keyNode("page") : e.keyNode("pages");
            throw yaml.error(later, kind.name() + " has both page and pages", "one of them");
        }
        return e.has("page") ? e.get("page") : e.get("pages");
    }

    private Step.Pages page(Node node, String path) {
        long page = yaml.integer(node, path, 0, ScenarioParser.TASK_SIZE / PAGE - 1,
                "a page of the region, counted from 0");
        return new Step.Pages(page, page);
    }

    /** {@code 5}, or {@code 2-4}: pages 2, 3 and 4. */
    private Step.Pages range(Node node, String path, String expected) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            return page(node, path);
        }
        var m = node instanceof ScalarNode s && s.getTag().equals(Tag.STR) ? RANGE.matcher(s.getValue()) : null;
        Long first = m != null && m.matches() ? YamlNodes.parseLong(m.group(1)) : null;
        Long last = m != null && m.matches() ? YamlNodes.parseLong(m.group(2)) : null;
        if (first == null || last == null || first < 0) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), expected);
        }
        if (last < first) {
            throw yaml.error(node, path + " " + first + "-" + last + " runs backwards",
                    "the lower page first, e.g. " + last + "-" + first);
        }
        return new Step.Pages(first, last);
    }

    /** Pages inside a region of {@code length} pages, or, for the window and the heap, below TASK_SIZE. */
    private void within(Node node, String path, Step.Pages pages, String region, long length) {
        long limit = length >= 0 ? length : region.equals(Step.WINDOW)
                ? (ScenarioParser.TASK_SIZE - window) / PAGE : ScenarioParser.TASK_SIZE / PAGE;
        if (pages.last() >= limit) {
            String what = length >= 0 ? "outside region " + region + " (" + count(length) + ": 0-" + (length - 1)
                    + ")" : "past the end of the user address space (TASK_SIZE 0x"
                    + Long.toHexString(ScenarioParser.TASK_SIZE) + ")";
            throw yaml.error(node, path + " " + pages + " is " + what, limit == 0 ? "a region with pages"
                    : "pages from 0 to " + (limit - 1));
        }
    }

    // ---- values of the memory system calls -------------------------------------------------

    /**
     * An address: a page-aligned number, or {@code REGION} or {@code REGION+N}, page N of a region
     * of {@code process} (window, heap, or one it mapped).
     */
    Step.Address address(String process, Node node, String path) {
        String expected = "an address: window+N (page N of the window), heap+N, REGION+N, or a page-aligned"
                + " number such as 0x7f0000000000";
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            long addr = yaml.integer(node, path, 0, ScenarioParser.TASK_SIZE - PAGE, expected
                    + " below TASK_SIZE (0x" + Long.toHexString(ScenarioParser.TASK_SIZE) + ")");
            if (addr % PAGE != 0) {
                throw yaml.error(node, path + " 0x" + Long.toHexString(addr) + " is not page-aligned",
                        "a multiple of 0x1000");
            }
            return new Step.Address(null, addr / PAGE);
        }
        var m = node instanceof ScalarNode s && s.getTag().equals(Tag.STR) ? OFFSET.matcher(s.getValue()) : null;
        if (m == null || !m.matches()) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), expected);
        }
        long page = 0;
        if (m.group(2) != null) {
            Long n = YamlNodes.parseLong(m.group(2));
            if (n == null || n < 0 || n >= ScenarioParser.TASK_SIZE / PAGE) {
                throw yaml.error(node, path + " is " + YamlNodes.describe(node), expected
                        + ", N a number of pages from 0 to " + (ScenarioParser.TASK_SIZE / PAGE - 1));
            }
            page = n;
        }
        region(process, m.group(1), node, path);
        return new Step.Address(m.group(1), page);
    }

    /** A length in bytes: from 1 to 2^47, written as bytes or with a suffix K, M, G or pages. */
    long length(Node node, String path) {
        long bytes = size(node, path, LENGTH_EXPECTED);
        if (bytes < 1 || bytes > ScenarioParser.MAX_LENGTH) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), LENGTH_EXPECTED);
        }
        return bytes;
    }

    /** Bytes, written as an integer (may be negative) or a size with a suffix K, M, G or pages; -1 if neither. */
    long size(Node node, String path, String expected) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            return yaml.integer(node, path, -ScenarioParser.MAX_LENGTH, ScenarioParser.MAX_LENGTH, expected);
        }
        var m = node instanceof ScalarNode s && s.getTag().equals(Tag.STR) ? LENGTH.matcher(s.getValue()) : null;
        Long n = m != null && m.matches() ? YamlNodes.parseLong(m.group(1)) : null;
        if (n == null) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), expected);
        }
        String unit = m.group(2) == null ? "" : m.group(2);
        int shift = switch (unit) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "" -> 0;
            default -> 12;
        };
        if (n > ScenarioParser.MAX_LENGTH >> shift) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node) + ", more than 2^47 bytes", expected);
        }
        return n << shift;
    }

    int prot(Node node, String path) {
        int prot = MmanWords.prot(yaml.string(node, path));
        if (prot < 0) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), "none, or the letters of rwx it grants"
                    + " in that order (r, rw, rx, rwx...), or PROT_ names joined by |");
        }
        return prot;
    }

    /** Flags of a table, as words (or its C names) separated by spaces or |. */
    int flags(Node node, String path, MmanWords.Words table) {
        String text = yaml.string(node, path);
        String unknown = table.unknownWord(text);
        if (unknown != null) {
            throw yaml.error(node, path + ": unknown flag " + YamlNodes.quoted(unknown), "words among "
                    + String.join(", ", table.words()) + " (or their C names), separated by spaces or |");
        }
        return table.mask(text);
    }

    int advice(Node node, String path) {
        Integer advice = MmanWords.MADV.value(yaml.string(node, path).strip());
        if (advice == null) {
            throw yaml.error(node, path + " is " + YamlNodes.describe(node), "one of "
                    + String.join(", ", MmanWords.MADV.words()) + " (or its MADV_ name)");
        }
        return advice;
    }

    /** posix_fadvise's advice: its name in lower case, or its POSIX_FADV_ name. */
    Fadvise.Advice fadviseAdvice(Node node, String path) {
        String text = yaml.string(node, path).strip();
        for (Fadvise.Advice a : Fadvise.Advice.values()) {
            String name = a.name().toLowerCase(java.util.Locale.ROOT);
            if (text.equals(name) || text.equals("POSIX_FADV_" + a.name())) {
                return a;
            }
        }
        throw yaml.error(node, path + " is " + YamlNodes.describe(node), "dontneed or willneed (or its POSIX_FADV_"
                + " name)");
    }

    /** Pages a length in bytes covers. */
    static long pages(long bytes) {
        return (bytes + PAGE - 1) / PAGE;
    }

    /** "1 page", "8 pages". */
    static String count(long pages) {
        return pages + (pages == 1 ? " page" : " pages");
    }
}
