package dev.folioscope.scenario;

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
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a scenario's steps, in file order, through the {@link StepKinds} registry, and holds
 * what the steps read so far have defined (labels), so that a step naming something no earlier
 * step made is refused at its position. The kinds' parsers read their values through it.
 */
final class StepReader {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    static final String ORDER = "an order from 0 to " + Zone.MAX_PAGE_ORDER + " (MAX_PAGE_ORDER)";

    private final YamlNodes yaml;
    private final int version;
    /** machine.cpus: a step's cpu is below it. */
    private final int cpus;
    /** Labels defined by the alloc and random steps read so far. */
    private final Set<String> labels = new LinkedHashSet<>();

    StepReader(YamlNodes yaml, int version, int cpus) {
        this.yaml = yaml;
        this.version = version;
        this.cpus = cpus;
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
}
