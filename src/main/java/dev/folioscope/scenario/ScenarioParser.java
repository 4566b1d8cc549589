package dev.folioscope.scenario;

import dev.folioscope.kernel.filemap.PageCache;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.boot.MachineConfig.ZoneConfig;
import dev.folioscope.kernel.mmzone.ZoneType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads scenario files, format versions 1 and 2 (docs/scenario-format.md), into a validated
 * {@link Scenario}. The top level and the machine are read here, the steps by {@link StepReader}
 * through the registry of step kinds, {@link StepKinds}.
 *
 * <p>Nothing is returned until the whole file is valid. The first problem found is thrown as a
 * {@link ScenarioException} reading {@code FILE:LINE:COLUMN: what is wrong; expected what}.
 * The YAML is composed to SnakeYAML's node tree and walked here; no Java object is ever built
 * from a tag (see {@link YamlNodes}).
 *
 * <p>Checks run in this order: file size and name, YAML syntax, tags and duplicate keys over
 * the whole tree (file order), then the schema from top to bottom (file order within each
 * mapping; a missing key is reported at its mapping's start once the present keys are read).
 */
public final class ScenarioParser {
    /** The largest scenario file accepted, in bytes. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    public static final long MIN_MEMORY = 1L << 20;
    public static final long MAX_MEMORY = 64L << 30;
    public static final int MAX_COUNT = 1_000_000;
    public static final int MAX_OPS = 1_000_000;
    public static final int MAX_WEIGHT = 1_000_000;
    /** The weights of one orders or gfp mapping sum to at most this (an int, with room to spare). */
    public static final int MAX_WEIGHT_SUM = 1_000_000_000;
    public static final int MAX_STEPS = 10_000;
    public static final int MAX_IDLE_SECONDS = 3600;
    /** mm/page_alloc.c: vm.percpu_pagelist_high_fraction is 0 or at least this. */
    public static final int MIN_PERCPU_PAGELIST_HIGH_FRACTION = 8;
    public static final String DEFAULT_RANDOM_LABEL = "random";
    /** The processes a scenario may make (spawned and forked), over the whole run. */
    public static final int MAX_PROCESSES = 64;
    /** The items of a touch step's list of pages. */
    public static final int MAX_TOUCH_ITEMS = 64;
    /** The accesses of all touch steps together (which need not report any event). */
    public static final int MAX_TOUCHES = 4_000_000;
    /** The most files a scenario may declare. */
    public static final int MAX_FILES = 64;
    /** The largest file, in pages: the page cache's limit (4 GiB). */
    public static final int MAX_FILE_PAGES = PageCache.MAX_FILE_PAGES;
    /** The named regions a process may hold at once. */
    public static final int MAX_REGIONS = 256;
    /** TASK_SIZE_MAX of x86-64 with 4-level paging: user addresses lie below it. */
    public static final long TASK_SIZE = (1L << 47) - 4096;
    /** The longest length a memory system call may be given: the 47-bit user address space. */
    public static final long MAX_LENGTH = 1L << 47;
    /**
     * Where the window lies when the file does not say: aligned to 2 MiB (a page table's span) and
     * 512 GiB (a PGD entry's), far below the kernel's mmap_base (0x7ffff7fff000).
     */
    public static final long DEFAULT_WINDOW = 0x7f0000000000L;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern SIZE = Pattern.compile("(-?[0-9]+)([KMG]?)");

    /** The format versions: 1 drives the page allocator, 2 adds processes and their memory system calls. */
    public static final int LATEST_VERSION = 2;

    private static final List<String> TOP_KEYS = List.of("version", "title", "description", "seed", "machine", "steps");
    /** The top-level keys of the latest format; public, like the machine's, for the web editor's completion. */
    public static final List<String> TOP_KEYS_V2 = List.of("version", "title", "description", "seed", "machine",
            "window", "steps");
    public static final List<String> MACHINE_KEYS = List.of("memory", "zones", "cpus",
            "transparent_hugepage", "paging", "swap", "read_ahead_kb", "sysctl");
    /** The largest read_ahead_kb the format takes: 64 MiB, far above any disk's default. */
    static final int MAX_READ_AHEAD_KB = 65536;
    public static final List<String> ZONE_KEYS = List.of("start_pfn", "spanned", "present", "managed");
    /** The keys of machine.sysctl; docs/scenario-format.md has a row for each. */
    public static final List<String> SYSCTL_KEYS = List.of("min_free_kbytes", "watermark_scale_factor",
            "watermark_boost_factor", "lowmem_reserve_ratio", "percpu_pagelist_high_fraction", "swappiness",
            "compaction_proactiveness", "extfrag_threshold", "page_cluster");

    private static final String TOP_REQUIRED = "keys version, title, description, machine and steps (seed is optional)";
    private static final String TOP_REQUIRED_V2 = "keys version, title, description, machine and steps (seed and"
            + " window are optional)";
    private static final String MEMORY = "a size from 1M to 64G that is a multiple of 4K: bytes, or a number"
            + " with suffix K, M or G (KiB, MiB, GiB), e.g. 64M";

    private final YamlNodes yaml;
    /** machine.cpus, read before the steps: a step's cpu is below it. */
    private int cpus = 1;

    private ScenarioParser(String file) {
        this.yaml = new YamlNodes(file);
    }

    /**
     * Reads and validates a scenario file.
     *
     * @param file the file; its name without ".yaml"/".yml" becomes the scenario's name. Files
     *     over {@value #MAX_FILE_BYTES} bytes are refused before they are read.
     * @return the validated scenario
     * @throws ScenarioException naming the file (as given), and the line and column where there
     *     is one, for any reason the file cannot be run, including I/O errors
     */
    public static Scenario read(Path file) {
        String shown = file.toString();
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw ScenarioException.ofFile(shown, Files.exists(file)
                        ? "not a regular file; expected a scenario .yaml file"
                        : "no such file; expected a scenario .yaml file", null);
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw tooLarge(shown, size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw ScenarioException.ofFile(shown, "no such file; expected a scenario .yaml file", e);
        } catch (IOException e) {
            throw ScenarioException.ofFile(shown, "cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(shown, decode(shown, bytes));
    }

    /**
     * decode() - the text of a scenario file's bytes, as {@link #read} takes it: at most
     * {@value #MAX_FILE_BYTES} bytes of UTF-8, a leading byte-order mark dropped.
     *
     * @param file the name messages begin with
     * @param bytes the file's bytes, or its first {@value #MAX_FILE_BYTES} + 1 when it is longer
     * @throws ScenarioException for more bytes than the limit, or bytes that are not UTF-8
     */
    public static String decode(String file, byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw ScenarioException.ofFile(file, "file is more than " + MAX_FILE_BYTES
                    + " bytes, the limit is 1 MiB", null);
        }
        return decodeUtf8(file, bytes);
    }

    /**
     * Validates scenario text.
     *
     * @param fileName the name errors show; its last path element without ".yaml"/".yml" is
     *     the scenario's name and must match {@code [a-z0-9][a-z0-9-]*} (at most 64 characters)
     * @param text the YAML; at most {@value #MAX_FILE_BYTES} bytes as UTF-8
     * @return the validated scenario, whose {@code source} is {@code text}
     * @throws ScenarioException at the first problem, see {@link ScenarioException}
     */
    public static Scenario parse(String fileName, String text) {
        long bytes = utf8Length(text);
        if (bytes > MAX_FILE_BYTES) {
            throw tooLarge(fileName, bytes);
        }
        String name = scenarioName(fileName);
        return new ScenarioParser(fileName).scenario(name, text);
    }

    private static ScenarioException tooLarge(String file, long bytes) {
        return ScenarioException.ofFile(file, "file is " + bytes + " bytes, the limit is 1 MiB", null);
    }

    private static String decodeUtf8(String file, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (MalformedInputException e) {
            throw ScenarioException.ofFile(file, "the file is not UTF-8 text; expected a UTF-8 encoded YAML file", e);
        } catch (CharacterCodingException e) {
            throw ScenarioException.ofFile(file, "the file is not UTF-8 text; expected a UTF-8 encoded YAML file", e);
        }
    }

    private static long utf8Length(String text) {
        if (text.length() > MAX_FILE_BYTES) {
            return (long) text.length() + (text.length() > Integer.MAX_VALUE / 4 ? 0 : utf8Extra(text));
        }
        return text.length() + utf8Extra(text);
    }

    /** Bytes UTF-8 needs beyond one per char (a surrogate pair's two chars take four bytes). */
    private static long utf8Extra(String text) {
        long extra = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800 && !Character.isSurrogate(c)) {
                extra += 2;
            } else if (c >= 0x80) {
                extra += 1;
            }
        }
        return extra;
    }

    private static String scenarioName(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        String name = base.endsWith(".yaml") ? base.substring(0, base.length() - 5)
                : base.endsWith(".yml") ? base.substring(0, base.length() - 4) : base;
        if (!NAME.matcher(name).matches()) {
            throw ScenarioException.ofFile(fileName, "the scenario name " + YamlNodes.quoted(name)
                    + " (the file name without .yaml) is not allowed; expected lower-case letters, digits"
                    + " and '-', starting with a letter or digit, at most 64 characters,"
                    + " e.g. buddy-split-merge.yaml", null);
        }
        return name;
    }

    // ---- top level -------------------------------------------------------------------------

    private Scenario scenario(String name, String text) {
        Node root = yaml.compose(text);
        if (root == null) {
            throw new ScenarioException(yaml.file(), 1, 1, "the file has no YAML content; expected a mapping with "
                    + TOP_REQUIRED);
        }
        yaml.checkTree(root);
        if (!(root instanceof MappingNode)) {
            // say what the file is, never what it says: it may be any file, e.g. /etc/passwd
            throw yaml.error(root, "the file is not a scenario: its top level is " + YamlNodes.kind(root),
                    "a mapping with " + TOP_REQUIRED);
        }
        Integer written = writtenVersion((MappingNode) root);
        List<String> keys = written != null && written == 1 ? TOP_KEYS : TOP_KEYS_V2;
        String required = written != null && written > 1 ? TOP_REQUIRED_V2 : TOP_REQUIRED;
        YamlNodes.Entries top = yaml.mapping(root, "", "a mapping with " + required, keys);
        int version = version(top.require("version", required));
        String title = yaml.string(top.require("title", required), "title");
        String description = yaml.string(top.require("description", required), "description");
        long seed = top.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 0);
        MachineConfig machine = machine(top.require("machine", required));
        long window = top.has("window") ? window(top.get("window")) : DEFAULT_WINDOW;
        List<Step> steps = new StepReader(yaml, version, cpus, window).steps(top.require("steps", required));
        return new Scenario(name, title.strip(), description.strip(), seed, machine, steps, text, version, window);
    }

    /** The value of the top-level key version if it is a format version, else {@code null}. */
    private static Integer writtenVersion(MappingNode root) {
        for (NodeTuple t : root.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("version")
                    && t.getValueNode() instanceof ScalarNode v && v.getTag().equals(Tag.INT)) {
                Long value = YamlNodes.parseLong(v.getValue());
                return value != null && value >= 1 && value <= LATEST_VERSION ? value.intValue() : null;
            }
        }
        return null;
    }

    private int version(Node node) {
        Long value = node instanceof ScalarNode s && s.getTag().equals(Tag.INT) ? YamlNodes.parseLong(s.getValue())
                : null;
        if (value == null || value < 1 || value > LATEST_VERSION) {
            throw yaml.error(node, "version is " + YamlNodes.describe(node), "1 or 2, the format versions");
        }
        return value.intValue();
    }

    /** The window: a page-aligned user address. */
    private long window(Node node) {
        String expected = "a page-aligned address from 0x1000 to 0x" + Long.toHexString(TASK_SIZE - 4096)
                + " (below TASK_SIZE), e.g. 0x7f0000000000";
        long window = yaml.integer(node, "window", 4096, TASK_SIZE - 4096, expected);
        if (window % MachineConfig.PAGE_SIZE != 0) {
            throw yaml.error(node, "window is " + YamlNodes.describe(node) + ", not page-aligned", expected);
        }
        return window;
    }

    // ---- machine ---------------------------------------------------------------------------

    private MachineConfig machine(Node node) {
        YamlNodes.Entries m = yaml.mapping(node, "machine", "a mapping with memory or zones", MACHINE_KEYS);
        if (m.has("memory") && m.has("zones")) {
            Node memoryKey = m.keyNode("memory");
            Node zonesKey = m.keyNode("zones");
            Node later = memoryKey.getStartMark().getIndex() > zonesKey.getStartMark().getIndex() ? memoryKey : zonesKey;
            throw yaml.error(later, "machine has both memory and zones", "exactly one of them");
        }
        List<ZoneConfig> zones;
        if (m.has("memory")) {
            zones = MachineConfig.zonesForMemory(memory(m.get("memory")));
        } else if (m.has("zones")) {
            zones = zones(m.get("zones"));
        } else {
            throw yaml.error(m.node(), "machine has neither memory nor zones", "exactly one of them");
        }
        cpus = (int) m.integer("cpus", 1, Kernel.MAX_CPUS, 1);
        ThpMode thp = ThpMode.NEVER;
        if (m.has("transparent_hugepage")) {
            thp = thp(m.get("transparent_hugepage"));
        }
        PagingMode paging = m.has("paging") ? paging(m.get("paging")) : PagingMode.FOUR_LEVEL;
        Sysctl sysctl = m.has("sysctl") ? sysctl(m.get("sysctl")) : Sysctl.defaults();
        long swap = m.has("swap") ? size(m.get("swap"), "machine.swap") : 0;
        int readAheadKb = (int) m.integer("read_ahead_kb", 4, MAX_READ_AHEAD_KB, MachineConfig.DEFAULT_READ_AHEAD_KB);
        if (readAheadKb % 4 != 0) {
            throw yaml.error(m.get("read_ahead_kb"), "machine.read_ahead_kb is " + readAheadKb,
                    "a multiple of 4 (whole pages) from 4 to " + MAX_READ_AHEAD_KB);
        }
        return new MachineConfig(zones, cpus, sysctl, thp, paging, swap, readAheadKb);
    }

    private long memory(Node node) {
        return size(node, "machine.memory");
    }

    /** A size as machine.memory and machine.swap take it. */
    private long size(Node node, String key) {
        String what = key + " is " + YamlNodes.describe(node);
        if (!(node instanceof ScalarNode s) || !(s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.STR))) {
            throw yaml.error(node, what, MEMORY);
        }
        long bytes;
        if (s.getTag().equals(Tag.INT)) {
            Long value = YamlNodes.parseLong(s.getValue());
            if (value == null) {
                throw yaml.error(node, what, MEMORY);
            }
            bytes = value;
        } else {
            var matcher = SIZE.matcher(s.getValue().strip());
            if (!matcher.matches()) {
                throw yaml.error(node, what, MEMORY);
            }
            int shift = switch (matcher.group(2)) {
                case "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                default -> 0;
            };
            try {
                bytes = Math.multiplyExact(Long.parseLong(matcher.group(1)), 1L << shift);
            } catch (ArithmeticException | NumberFormatException e) {
                bytes = Long.MAX_VALUE;
            }
        }
        if (bytes < 0) {
            throw yaml.error(node, what + ", a negative size", MEMORY);
        }
        if (bytes < MIN_MEMORY) {
            throw yaml.error(node, what + ", less than 1M", MEMORY);
        }
        if (bytes > MAX_MEMORY) {
            throw yaml.error(node, what + ", more than 64G", MEMORY);
        }
        if (bytes % MachineConfig.PAGE_SIZE != 0) {
            throw yaml.error(node, what + ", not a multiple of 4K", MEMORY);
        }
        return bytes;
    }

    private ThpMode thp(Node node) {
        if (node instanceof ScalarNode s && Set.of("always", "madvise", "never").contains(s.getValue())
                && s.getTag().equals(Tag.STR)) {
            return ThpMode.valueOf(s.getValue().toUpperCase(Locale.ROOT));
        }
        throw yaml.error(node, "machine.transparent_hugepage is " + YamlNodes.describe(node),
                "always, madvise or never");
    }

    private PagingMode paging(Node node) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
            for (PagingMode mode : PagingMode.values()) {
                if (mode.label().equals(s.getValue())) {
                    return mode;
                }
            }
        }
        throw yaml.error(node, "machine.paging is " + YamlNodes.describe(node), "4-level or 5-level");
    }

    /** Explicit zones: checked one by one in file order, then for order and overlap by zone type. */
    private List<ZoneConfig> zones(Node node) {
        String expected = "a mapping from zone names (DMA, DMA32, Normal, Movable, Device) to"
                + " {start_pfn, spanned, present, managed}";
        List<NodeTuple> pairs = yaml.pairs(node, "machine.zones", expected);
        if (pairs.isEmpty()) {
            throw yaml.error(node, "machine.zones is empty", expected);
        }
        ZoneConfig[] zones = new ZoneConfig[ZoneType.COUNT];
        Node[] starts = new Node[ZoneType.COUNT];
        for (NodeTuple pair : pairs) {
            ScalarNode key = (ScalarNode) pair.getKeyNode();
            ZoneType type;
            try {
                type = ZoneType.byKernelName(key.getValue());
            } catch (IllegalArgumentException e) {
                throw yaml.error(key, "unknown zone " + YamlNodes.quoted(key.getValue()) + " in machine.zones",
                        "one of DMA, DMA32, Normal, Movable, Device, spelled as /proc/zoneinfo prints them");
            }
            YamlNodes.Entries z = yaml.mapping(pair.getValueNode(), "machine.zones." + type.kernelName(),
                    "a mapping with start_pfn and spanned (present and managed optional)", ZONE_KEYS);
            zones[type.ordinal()] = zone(type, z);
            starts[type.ordinal()] = z.get("start_pfn");
        }
        checkZoneLayout(zones, starts);
        if (Arrays.stream(zones).noneMatch(z -> z != null && z.managed() > 0)) {
            throw yaml.error(node, "no zone has managed pages", "at least one zone with managed > 0");
        }
        List<ZoneConfig> list = new ArrayList<>();
        for (ZoneType type : ZoneType.values()) {
            ZoneConfig z = zones[type.ordinal()];
            list.add(z != null ? z : ZoneConfig.empty(type));
        }
        return list;
    }

    private ZoneConfig zone(ZoneType type, YamlNodes.Entries z) {
        String required = "keys start_pfn and spanned (present and managed are optional)";
        long start = yaml.integer(z.require("start_pfn", required), z.path("start_pfn"), 0, Kernel.MAX_PFNS - 1);
        Node spannedNode = z.require("spanned", required);
        long spanned = yaml.integer(spannedNode, z.path("spanned"), 1, Kernel.MAX_PFNS);
        long present = z.integer("present", 0, Kernel.MAX_PFNS, spanned);
        long managed = z.integer("managed", 0, Kernel.MAX_PFNS, present);
        String order = "managed <= present <= spanned";
        if (present > spanned) {
            throw yaml.error(z.get("present"), z.path("present") + " is " + present + ", more than spanned "
                    + spanned, order);
        }
        if (managed > present) {
            throw yaml.error(z.get("managed"), z.path("managed") + " is " + managed + ", more than present "
                    + present, order);
        }
        long lowest = switch (type) {
            case DMA32 -> ZoneType.DMA.maxPfn();
            case NORMAL -> ZoneType.DMA32.maxPfn();
            default -> 0;
        };
        long highest = switch (type) {
            case DMA, DMA32 -> type.maxPfn();
            default -> Kernel.MAX_PFNS;
        };
        if (start < lowest) {
            throw yaml.error(z.get("start_pfn"), z.path("start_pfn") + " is " + start + ", below pfn " + lowest
                    + " where " + type.kernelName() + " begins on x86-64", "a start_pfn of at least " + lowest);
        }
        if (start + spanned > highest) {
            throw yaml.error(spannedNode, "machine.zones." + type.kernelName() + " ends at pfn " + (start + spanned)
                    + ", past pfn " + highest + (highest == Kernel.MAX_PFNS ? " (64 GiB)" : " where "
                    + type.kernelName() + " ends on x86-64"), "start_pfn + spanned <= " + highest);
        }
        return new ZoneConfig(type, start, spanned, present, managed);
    }

    private void checkZoneLayout(ZoneConfig[] zones, Node[] starts) {
        ZoneConfig previous = null;
        for (ZoneConfig z : zones) {
            if (z == null) {
                continue;
            }
            if (previous != null && z.startPfn() < previous.endPfn()) {
                String what = "machine.zones." + z.type().kernelName() + " starts at pfn " + z.startPfn();
                if (z.startPfn() < previous.startPfn()) {
                    throw yaml.error(starts[z.type().ordinal()], what + ", below "
                            + previous.type().kernelName() + " (start_pfn " + previous.startPfn() + ")",
                            "zones in ascending pfn order: DMA, DMA32, Normal, Movable, Device");
                }
                throw yaml.error(starts[z.type().ordinal()], what + ", inside " + previous.type().kernelName()
                        + " (pfns " + previous.startPfn() + " to " + (previous.endPfn() - 1) + ")",
                        "zones that do not overlap: a start_pfn of at least " + previous.endPfn());
            }
            previous = z;
        }
    }

    private Sysctl sysctl(Node node) {
        YamlNodes.Entries s = yaml.mapping(node, "machine.sysctl", "a mapping of vm sysctls", SYSCTL_KEYS);
        Sysctl d = Sysctl.defaults();
        Integer minFree = d.minFreeKbytes();
        if (s.has("min_free_kbytes")) {
            minFree = (int) yaml.integer(s.get("min_free_kbytes"), s.path("min_free_kbytes"), 0, MAX_MEMORY >> 10);
        }
        int scale = (int) s.integer("watermark_scale_factor", 1, 3000, d.watermarkScaleFactor());
        int boost = (int) s.integer("watermark_boost_factor", 0, Integer.MAX_VALUE, d.watermarkBoostFactor());
        List<Integer> ratios = d.lowmemReserveRatio();
        if (s.has("lowmem_reserve_ratio")) {
            ratios = lowmemReserveRatio(s.get("lowmem_reserve_ratio"), s.path("lowmem_reserve_ratio"));
        }
        int highFraction = d.percpuPagelistHighFraction();
        if (s.has("percpu_pagelist_high_fraction")) {
            highFraction = percpuPagelistHighFraction(s.get("percpu_pagelist_high_fraction"),
                    s.path("percpu_pagelist_high_fraction"));
        }
        int swappiness = (int) s.integer("swappiness", 0, 200, d.swappiness());
        int proactiveness = (int) s.integer("compaction_proactiveness", 0, 100, d.compactionProactiveness());
        int extfragThreshold = (int) s.integer("extfrag_threshold", 0, 1000, d.extfragThreshold());
        Integer pageCluster = d.pageCluster();
        if (s.has("page_cluster")) {
            // mm/swap.c: swap_sysctl_table's page-cluster, from 0 to page_cluster_max
            pageCluster = (int) yaml.integer(s.get("page_cluster"), s.path("page_cluster"), 0, Sysctl.PAGE_CLUSTER_MAX);
        }
        return new Sysctl(minFree, scale, boost, ratios, highFraction, swappiness, proactiveness, extfragThreshold,
                pageCluster);
    }

    /** 0, or at least 8: the kernel's sysctl handler refuses 1 to 7 with EINVAL. */
    private int percpuPagelistHighFraction(Node node, String path) {
        String expected = "0 or an integer from " + MIN_PERCPU_PAGELIST_HIGH_FRACTION + " to " + Integer.MAX_VALUE
                + " (the kernel refuses 1 to " + (MIN_PERCPU_PAGELIST_HIGH_FRACTION - 1)
                + ": MIN_PERCPU_PAGELIST_HIGH_FRACTION is " + MIN_PERCPU_PAGELIST_HIGH_FRACTION + ")";
        int fraction = (int) yaml.integer(node, path, 0, Integer.MAX_VALUE, expected);
        if (fraction > 0 && fraction < MIN_PERCPU_PAGELIST_HIGH_FRACTION) {
            throw yaml.error(node, path + " is " + fraction, expected);
        }
        return fraction;
    }

    /**
     * Five ratios, one per zone; four are accepted too (as a kernel without ZONE_DEVICE prints
     * them), Device then keeping its default ratio 0.
     */
    private List<Integer> lowmemReserveRatio(Node node, String path) {
        String expected = "a list of 5 ratios (DMA, DMA32, Normal, Movable, Device), or 4 without Device,"
                + " e.g. [256, 256, 32, 0, 0]";
        List<Node> items = yaml.list(node, path, expected);
        if (items.size() != ZoneType.COUNT && items.size() != ZoneType.COUNT - 1) {
            throw yaml.error(node, path + " has " + items.size() + " values", expected);
        }
        List<Integer> ratios = new ArrayList<>();
        for (Node item : items) {
            ratios.add((int) yaml.integer(item, path + " value", 0, Integer.MAX_VALUE));
        }
        if (ratios.size() < ZoneType.COUNT) {
            ratios.add(Sysctl.DEFAULT_LOWMEM_RESERVE_RATIO.get(ZoneType.DEVICE.ordinal()));
        }
        return ratios;
    }
}
