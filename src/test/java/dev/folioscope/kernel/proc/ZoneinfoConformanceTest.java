package dev.folioscope.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.boot.MachineConfig.ZoneConfig;
import dev.folioscope.kernel.mmzone.ZoneType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The model against /proc files recorded on a 6.18 machine (src/test/resources/golden, see its
 * README): booted with the same zone sizes, CPUs and sysctls, it must print the same watermarks,
 * protection, pageset limits and thresholds — the very same lines — and the same layout.
 */
class ZoneinfoConformanceTest {
    /**
     * Lines whose values follow from zone sizes and sysctls alone, so they must match exactly. A
     * pageset's "high:" is not among them: the kernel moves it at run time between high_min and
     * high_max.
     */
    private static final Pattern EXACT = Pattern.compile(
            " +(boost|min|low|high|promo|spanned|present|managed|cma) +\\d+"
                    + "| +(protection:|batch:|high_min:|high_max:|start_pfn:) .*|  vm stats threshold: .*");

    @Test
    void watermarksProtectionAndPagesetLimitsMatchTheRealKernelLineForLine() throws IOException {
        String golden = resource("golden/zoneinfo-6.18.txt");
        String ours = ProcFile.ZONEINFO.render(bootLike(golden));

        Map<String, List<String>> expected = exactLinesByZone(golden);
        Map<String, List<String>> actual = exactLinesByZone(ours);
        assertEquals(expected.keySet(), actual.keySet());
        for (String zone : expected.keySet()) {
            assertEquals(String.join("\n", expected.get(zone)), String.join("\n", actual.get(zone)), "zone " + zone);
        }
    }

    @Test
    void zoneinfoHasTheKernelsLayout() throws IOException {
        String golden = resource("golden/zoneinfo-6.18.txt");
        assertEquals(layout(golden), layout(ProcFile.ZONEINFO.render(bootLike(golden))));
    }

    @Test
    void buddyinfoAndPagetypeinfoHaveTheKernelsLayout() throws IOException {
        Kernel k = bootLike(resource("golden/zoneinfo-6.18.txt"));
        assertEquals(layout(resource("golden/buddyinfo-6.18.txt")), layout(ProcFile.BUDDYINFO.render(k)));
        assertEquals(layout(resource("golden/pagetypeinfo-6.18.txt")), layout(ProcFile.PAGETYPEINFO.render(k)));
        String header = resource("golden/pagetypeinfo-6.18.txt").lines().limit(4).toList().toString();
        assertEquals(header, ProcFile.PAGETYPEINFO.render(k).lines().limit(4).toList().toString(),
                "the header lines are byte-identical");
    }

    @Test
    void anUnusedPagesetPrintsHighZeroLikeTheMachinesDmaZone() throws IOException {
        // pcp->high stays 0 until the pageset is first used; nothing allocated from DMA on the machine.
        String golden = resource("golden/zoneinfo-6.18.txt");
        String ours = ProcFile.ZONEINFO.render(bootLike(golden));

        assertEquals(pagesetLines(section(golden, "DMA")), pagesetLines(section(ours, "DMA")));
    }

    @Test
    void pageblockCountsOfTheUntouchedZonesMatchTheMachine() throws IOException {
        // DMA starts at pfn 1: memmap_init_range marks only pageblock-aligned pfns Movable, so the
        // first pageblock stays Unmovable (1 + 7). DMA32's hole above 3 GiB is offline and not
        // counted (1528 pageblocks = its 782336 present pages).
        String golden = resource("golden/pagetypeinfo-6.18.txt");
        String ours = ProcFile.PAGETYPEINFO.render(bootLike(resource("golden/zoneinfo-6.18.txt")));

        for (String zone : List.of("DMA", "DMA32")) {
            assertEquals(blockCountLine(golden, zone), blockCountLine(ours, zone), "zone " + zone);
        }
    }

    private static List<String> pagesetLines(String section) {
        return section.lines().filter(l -> l.matches(" +(cpu|count|high|batch|high_min|high_max):.*")).toList();
    }

    private static String blockCountLine(String pagetypeinfo, String zone) {
        String prefix = String.format("Node 0, zone %8s ", zone);
        return pagetypeinfo.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void thpRaisesMinFreeKbytesToKhugepagedsRecommendation() throws IOException {
        // 3 populated zones up to Normal: 512 * 3 * 2 + 512 * 3 * 9 = 16896 pages = 67584 KiB,
        // the value vm.min_free_kbytes showed on the machine.
        assertEquals(67584, bootLike(resource("golden/zoneinfo-6.18.txt")).minFreeKbytes());
    }

    /** A machine with the golden file's zone sizes, CPUs and sysctls (see the golden README). */
    private static Kernel bootLike(String zoneinfo) {
        List<ZoneConfig> zones = new ArrayList<>();
        for (ZoneType type : ZoneType.values()) {
            String section = section(zoneinfo, type.kernelName());
            long spanned = value(section, "spanned");
            zones.add(spanned == 0 ? ZoneConfig.empty(type)
                    : new ZoneConfig(type, value(section, "start_pfn:"), spanned, value(section, "present"),
                            value(section, "managed")));
        }
        int cpus = (int) section(zoneinfo, "DMA").lines().filter(l -> l.startsWith("    cpu: ")).count();
        Sysctl sysctl = new Sysctl(null, 10, 15000, List.of(256, 256, 32, 0, 0), 0);
        return Kernel.boot(new MachineConfig(zones, cpus, sysctl, ThpMode.MADVISE));
    }

    private static String section(String zoneinfo, String zone) {
        int start = zoneinfo.indexOf(String.format("Node 0, zone %8s", zone));
        int end = zoneinfo.indexOf("Node 0, zone", start + 1);
        return zoneinfo.substring(start, end < 0 ? zoneinfo.length() : end);
    }

    private static long value(String section, String key) {
        Matcher m = Pattern.compile("(?m)^ +" + Pattern.quote(key) + " +(\\d+)$").matcher(section);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Map<String, List<String>> exactLinesByZone(String zoneinfo) {
        Map<String, List<String>> byZone = new LinkedHashMap<>();
        for (ZoneType type : ZoneType.values()) {
            byZone.put(type.kernelName(), section(zoneinfo, type.kernelName()).lines()
                    .filter(l -> EXACT.matcher(l).matches()).toList());
        }
        return byZone;
    }

    /** The text with every number replaced, keeping labels, order and line structure. */
    private static String layout(String text) {
        return text.replaceAll(" *>?\\d+", " N");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ZoneinfoConformanceTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
