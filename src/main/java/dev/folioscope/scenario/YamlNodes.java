package dev.folioscope.scenario;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The YAML layer of the scenario parser: composes a file into SnakeYAML's node tree (never into
 * Java objects), and reads typed values from nodes so that every complaint carries the node's
 * start mark.
 *
 * <p>Safety: the text is only composed, so no tag can construct an object. Tags written in the
 * file are taken off the parser's events before the composer sees them, and every one is then
 * refused at its node ({@link #checkTree}); values are typed only by YAML 1.1 implicit
 * resolution. Aliases of lists and mappings are bounded ({@value #MAX_COLLECTION_ALIASES}),
 * recursive keys refused, and nesting limited. Every node is visited at most once, so a shared (aliased) subtree costs
 * nothing extra; the schema walk reads only the keys it knows, to a fixed depth.
 */
final class YamlNodes {
    static final int MAX_COLLECTION_ALIASES = 50;
    /** The most characters of a value from the file that a message shows; a longer value is cut. */
    static final int MAX_SHOWN = 40;
    /** The most names a message lists; the rest are counted. */
    private static final int MAX_NAMES = 10;
    private static final int NESTING_LIMIT = 20;
    private static final int CODE_POINT_LIMIT = 2 * 1024 * 1024;

    /** Tags the YAML 1.1 resolver gives plain values, lists and mappings: the only ones a node can have. */
    private static final Set<Tag> ALLOWED_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL,
            Tag.TIMESTAMP, Tag.SEQ, Tag.MAP, Tag.MERGE);
    private static final String TAGS_EXPECTED = "plain YAML values, lists and mappings without tags";
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
    private static final Pattern HEX = Pattern.compile("[-+]?0x[0-9a-fA-F_]+");

    private final String file;
    /** Tags written in the file, by the start of their node ({@link #tagKey}), as the parser read them. */
    private final Map<Long, String> writtenTags = new LinkedHashMap<>();

    YamlNodes(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    // ---- composing -------------------------------------------------------------------------

    /**
     * Composes {@code text} into a node tree.
     *
     * @return the document's root node, or {@code null} for a file with no document
     * @throws ScenarioException for any YAML syntax error, at the mark SnakeYAML gives, without
     *     SnakeYAML's exception (whose message quotes the file) as its cause
     */
    Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(true); // checked by checkTree, with the key's position
        options.setNestingDepthLimit(NESTING_LIMIT);
        options.setCodePointLimit(CODE_POINT_LIMIT);
        options.setProcessComments(false);
        options.setMergeOnCompose(false);
        options.setTagInspector(tag -> false); // no global (class) tag, ever; MarkingParser passes on no tag
        MarkingParser parser = new MarkingParser(new ParserImpl(new StreamReader(new StringReader(text)), options),
                writtenTags);
        try {
            return new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            if (e.getContext() != null && e.getProblem() != null && e.getContextMark() != null) {
                problem += " (" + e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ")";
            }
            throw syntax(mark, problem);
        } catch (ReaderException e) {
            int[] lineColumn = lineColumn(text, e.getPosition());
            throw new ScenarioException(file, lineColumn[0], lineColumn[1], String.format(
                    "character U+%04X is not allowed in YAML; expected printable text", e.getCodePoint()));
        } catch (YAMLException e) {
            String message = e.getMessage();
            if (message != null && message.startsWith("Number of aliases")) {
                throw error(parser.lastMark, "more than " + MAX_COLLECTION_ALIASES
                        + " aliases of lists or mappings", "at most " + MAX_COLLECTION_ALIASES);
            }
            if (message != null && message.startsWith("Nesting Depth")) {
                throw error(parser.lastMark, "lists and mappings nested more than " + NESTING_LIMIT + " deep",
                        "the shallow structure of docs/scenario-format.md");
            }
            throw syntax(parser.lastMark, message);
        }
    }

    private ScenarioException syntax(Mark mark, String problem) {
        return error(mark, "YAML syntax error: " + oneLine(problem), "well-formed YAML");
    }

    /** SnakeYAML's problem on one line, each word of it (the one it may quote from the file) {@link #shown}. */
    private static String oneLine(String s) {
        if (s == null) {
            return "unreadable YAML";
        }
        return Arrays.stream(s.strip().split("\\s*\\n\\s*| ")).map(YamlNodes::shown)
                .collect(Collectors.joining(" "));
    }

    /** 1-based line and column of the code point at {@code index}. */
    private static int[] lineColumn(String text, int index) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int offset = 0; offset < text.length() && i < index; i++) {
            int cp = text.codePointAt(offset);
            offset += Character.charCount(cp);
            if (cp == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /**
     * Hands the composer the parser's events without their tags, so that every node is typed by
     * implicit resolution alone, and records each tag written in the file by where its node starts
     * ({@link #checkTree} refuses them in file order, after the whole file has parsed). Remembers
     * where the last event the composer took started, for errors SnakeYAML leaves unmarked.
     */
    private static final class MarkingParser implements Parser {
        private final Parser delegate;
        private final Map<Long, String> writtenTags;
        private Mark lastMark;

        MarkingParser(Parser delegate, Map<Long, String> writtenTags) {
            this.delegate = delegate;
            this.writtenTags = writtenTags;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return untagged(delegate.peekEvent());
        }

        @Override
        public Event getEvent() {
            Event event = delegate.getEvent();
            if (event != null && event.getStartMark() != null) {
                lastMark = event.getStartMark();
            }
            if (event instanceof ScalarEvent s && s.getTag() != null) {
                writtenTags.putIfAbsent(tagKey(s.getStartMark(), NodeId.scalar), s.getTag());
            } else if (event instanceof CollectionStartEvent c && c.getTag() != null) {
                NodeId kind = c instanceof SequenceStartEvent ? NodeId.sequence : NodeId.mapping;
                writtenTags.putIfAbsent(tagKey(c.getStartMark(), kind), c.getTag());
            }
            return untagged(event);
        }

        private static Event untagged(Event event) {
            return switch (event) {
                case ScalarEvent s when s.getTag() != null -> new ScalarEvent(s.getAnchor(), null, s.getImplicit(),
                        s.getValue(), s.getStartMark(), s.getEndMark(), s.getScalarStyle());
                case SequenceStartEvent q when q.getTag() != null -> new SequenceStartEvent(q.getAnchor(), null,
                        true, q.getStartMark(), q.getEndMark(), q.getFlowStyle());
                case MappingStartEvent m when m.getTag() != null -> new MappingStartEvent(m.getAnchor(), null,
                        true, m.getStartMark(), m.getEndMark(), m.getFlowStyle());
                case null, default -> event;
            };
        }
    }

    /** Where a node starts, and its kind (a mapping and its first key may start at the same place). */
    private static long tagKey(Mark start, NodeId kind) {
        return (long) start.getIndex() * NodeId.values().length + kind.ordinal();
    }

    // ---- whole-tree checks -----------------------------------------------------------------

    /**
     * Rejects, in file order, the first node with a tag written in the file (any: {@code !!str},
     * {@code !!int}, {@code !!java.lang.Runtime}, {@code !foo}, {@code !}...) and the first mapping
     * with a key written twice. Visits each node once.
     */
    void checkTree(Node root) {
        checkTree(root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private void checkTree(Node node, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        String written = writtenTags.get(tagKey(node.getStartMark(), node.getNodeId()));
        if (written != null) {
            throw error(node, "tag " + shown(tagText(written)) + " is not allowed", TAGS_EXPECTED);
        }
        if (!ALLOWED_TAGS.contains(node.getTag())) { // not expected: the composer sees no written tag
            throw error(node, "tag " + shown(tagText(node.getTag().getValue())) + " is not allowed", TAGS_EXPECTED);
        }
        if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                checkTree(item, seen);
            }
        } else if (node instanceof MappingNode map) {
            Map<String, Node> keys = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                checkTree(t.getKeyNode(), seen);
                if (t.getKeyNode() instanceof ScalarNode key) {
                    Node first = keys.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        throw error(key, "duplicate key " + quoted(key.getValue()) + " (first at line "
                                + (first.getStartMark().getLine() + 1) + ")", "each key at most once");
                    }
                }
                checkTree(t.getValueNode(), seen);
            }
        }
    }

    /** A tag as it is usually written: {@code !!str} for {@code tag:yaml.org,2002:str}. */
    private static String tagText(String tag) {
        return tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    }

    // ---- errors ----------------------------------------------------------------------------

    ScenarioException error(Node node, String what, String expected) {
        return error(node.getStartMark(), what, expected);
    }

    /**
     * An error at {@code mark}. It has no cause: SnakeYAML's exceptions quote the file (an excerpt
     * with a caret), and whatever shows the innermost cause must not show that.
     */
    ScenarioException error(Mark mark, String what, String expected) {
        String reason = what + "; expected " + expected;
        if (mark == null) {
            return new ScenarioException(file, 1, 1, reason);
        }
        return new ScenarioException(file, mark.getLine() + 1, mark.getColumn() + 1, reason);
    }

    /** How a value reads in a message: {@code 'two'}, {@code 11}, {@code a list}, {@code empty}. */
    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getTag().equals(Tag.NULL)) {
            return "empty";
        }
        return scalar.getTag().equals(Tag.INT) ? shown(scalar.getValue()) : quoted(scalar.getValue());
    }

    /** What a node is, without its value: {@code a string}, {@code a number}, {@code a list}... */
    static String kind(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "a number";
        }
        return tag.equals(Tag.BOOL) ? "a boolean" : tag.equals(Tag.TIMESTAMP) ? "a date"
                : tag.equals(Tag.NULL) ? "empty" : "a string";
    }

    /** {@link #shown} in single quotes: {@code 'GFP_NOTHING'}. */
    static String quoted(String value) {
        return "'" + shown(value) + "'";
    }

    /**
     * Text from the file (or from anywhere outside this program) as a message may show it: line
     * breaks and tabs written as {@code \n}, {@code \r} and {@code \t}, other control and format
     * characters (escape sequences, bidi overrides) dropped, and cut to {@value #MAX_SHOWN}
     * characters, the last three of them "...", when longer.
     */
    static String shown(String value) {
        int[] codePoints = value.codePoints().flatMap(cp -> switch (cp) {
            case '\n' -> "\\n".codePoints();
            case '\r' -> "\\r".codePoints();
            case '\t' -> "\\t".codePoints();
            default -> switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                        Character.SURROGATE -> IntStream.empty();
                default -> IntStream.of(cp);
            };
        }).toArray();
        if (codePoints.length <= MAX_SHOWN) {
            return new String(codePoints, 0, codePoints.length);
        }
        return new String(codePoints, 0, MAX_SHOWN - 3) + "...";
    }

    /** Names for a message, each {@link #shown}, joined by ", "; past {@value #MAX_NAMES}, counted. */
    static String names(Collection<String> names) {
        String listed = names.stream().limit(MAX_NAMES).map(YamlNodes::shown).collect(Collectors.joining(", "));
        return names.size() > MAX_NAMES ? listed + " and " + (names.size() - MAX_NAMES) + " more" : listed;
    }

    // ---- mappings --------------------------------------------------------------------------

    /**
     * A mapping node with only allowed keys, read by key.
     *
     * @param path how messages name the mapping ("machine", "alloc"); empty for the top level
     */
    Entries mapping(Node node, String path, String expected, List<String> allowed) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, (path.isEmpty() ? "the file" : path) + " is " + describe(node), expected);
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyText(t.getKeyNode(), path);
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), "unknown key " + quoted(key) + (path.isEmpty() ? "" : " in " + path),
                        allowed.size() == 1 ? "only the key " + allowed.getFirst()
                                : "one of " + String.join(", ", allowed));
            }
            entries.put(key, t);
        }
        return new Entries(map, path, entries);
    }

    /**
     * The pairs of a mapping whose keys are data (zone names, orders, gfp masks), in file order.
     */
    List<NodeTuple> pairs(Node node, String path, String expected) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, path + " is " + describe(node), expected);
        }
        for (NodeTuple t : map.getValue()) {
            keyText(t.getKeyNode(), path);
        }
        return map.getValue();
    }

    private String keyText(Node key, String path) {
        if (key.getTag().equals(Tag.MERGE)) {
            throw error(key, "merge keys (<<) are not supported", "each key written out");
        }
        if (!(key instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
            throw error(key, "a key" + (path.isEmpty() ? "" : " in " + path) + " is " + describe(key),
                    "a plain name");
        }
        return scalar.getValue();
    }

    /** The entries of one mapping; see {@link #mapping}. */
    final class Entries {
        private final MappingNode node;
        private final String path;
        private final Map<String, NodeTuple> entries;

        private Entries(MappingNode node, String path, Map<String, NodeTuple> entries) {
            this.node = node;
            this.path = path;
            this.entries = entries;
        }

        MappingNode node() {
            return node;
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The value of {@code key}, or {@code null} when absent. */
        Node get(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getValueNode();
        }

        Node keyNode(String key) {
            return entries.get(key).getKeyNode();
        }

        /** The value of {@code key}; a missing key is reported at the mapping's start. */
        Node require(String key, String expectedKeys) {
            Node value = get(key);
            if (value == null) {
                throw error(node, "missing required key '" + key + "'" + (path.isEmpty() ? "" : " in " + path),
                        expectedKeys);
            }
            return value;
        }

        long integer(String key, long min, long max, long fallback) {
            Node value = get(key);
            return value == null ? fallback : YamlNodes.this.integer(value, path(key), min, max);
        }

        /** As {@link #integer(String, long, long, long)}, with the message's "expected" part given. */
        long integer(String key, long min, long max, long fallback, String expected) {
            Node value = get(key);
            return value == null ? fallback : YamlNodes.this.integer(value, path(key), min, max, expected);
        }

        String string(String key, String fallback) {
            Node value = get(key);
            return value == null ? fallback : YamlNodes.this.string(value, path(key));
        }
    }

    // ---- scalars ---------------------------------------------------------------------------

    /** An integer in [min, max] written in decimal or 0x hexadecimal, '_' allowed between digits. */
    long integer(Node node, String path, long min, long max) {
        return integer(node, path, min, max, "an integer" + range(min, max));
    }

    /** As {@link #integer(Node, String, long, long)}, with the message's "expected" part given. */
    long integer(Node node, String path, long min, long max, String expected) {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            throw error(node, path + " is " + describe(node), expected);
        }
        Long value = parseLong(scalar.getValue());
        if (value == null) {
            throw error(node, path + " is " + describe(node), expected + ", written in decimal or as 0x hexadecimal");
        }
        if (value < min || value > max) {
            throw error(node, path + " is " + describe(node), expected);
        }
        return value;
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) {
            return min == Long.MIN_VALUE ? "" : " of at least " + min;
        }
        return " from " + min + " to " + max;
    }

    /** Decimal or hexadecimal, or {@code null} if not one of those or beyond a long. */
    static Long parseLong(String text) {
        boolean hex = HEX.matcher(text).matches();
        if (!hex && !DECIMAL.matcher(text).matches()) {
            return null;
        }
        String digits = text.replace("_", "");
        boolean negative = digits.startsWith("-");
        if (digits.startsWith("-") || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        try {
            long magnitude = hex ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            return negative ? -magnitude : magnitude;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Any non-empty scalar, as text: {@code title: 2024} is the string "2024". */
    String string(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)
                || scalar.getValue().isBlank()) {
            throw error(node, path + " is " + describe(node), "a string");
        }
        return scalar.getValue();
    }

    /** {@code true} or {@code false}, written plain. */
    boolean bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)
                && (scalar.getValue().equals("true") || scalar.getValue().equals("false"))) {
            return scalar.getValue().equals("true");
        }
        throw error(node, path + " is " + describe(node), "true or false");
    }

    /** A list node's items. */
    List<Node> list(Node node, String path, String expected) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, path + " is " + describe(node), expected);
        }
        return new ArrayList<>(seq.getValue());
    }
}
