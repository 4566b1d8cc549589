package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.web.base.Echo;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The focus keys for the virtual-memory views: their URL form, round trips, and every bad value named. */
class FocusKeyTest {
    /** 8 MiB: ZONE_DMA only, pfns 0..2047, one CPU. */
    private static final Kernel BOOTED = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(8L << 20), 1,
            MachineConfig.Sysctl.defaults(), MachineConfig.ThpMode.NEVER));

    private static CursorParams.Parsed parse(String... nameValue) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            params.put(nameValue[i], nameValue[i + 1]);
        }
        return CursorParams.parse(params, 100, BOOTED);
    }

    @Test
    void everyKeyIsInAllOnceAndInUrlOrder() throws IllegalAccessException {
        List<FocusKey<?>> declared = new ArrayList<>();
        for (Field f : FocusKey.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == FocusKey.class) {
                declared.add((FocusKey<?>) f.get(null));
            }
        }
        assertThat(FocusKey.ALL).containsExactlyElementsOf(declared);
        assertThat(FocusKey.ALL.stream().map(FocusKey::name))
                .containsExactly("view", "pid", "vma", "va", "zone", "order", "mt", "pfn", "folio", "cpu", "moves");
        for (int i = 0; i < FocusKey.ALL.size(); i++) {
            assertThat(FocusKey.ALL.get(i).index()).isEqualTo(i);
        }
    }

    @Test
    void everyKeyRoundTripsInAStableOrder() {
        var p = parse("cpu", "0", "folio", "0x200", "va", "0x7f12345000", "pfn", "0x201", "vma", "3", "mt", "Movable",
                "order", "9", "zone", "DMA", "pid", "42", "view", "allocator", "step", "7");
        assertThat(p.problems()).isEmpty();
        Focus f = p.focus();
        assertThat(f.get(FocusKey.VIEW)).isEqualTo(ViewKind.ALLOCATOR);
        assertThat(f.get(FocusKey.PID)).isEqualTo(42);
        assertThat(f.get(FocusKey.VMA)).isEqualTo(3);
        assertThat(f.get(FocusKey.VA)).isEqualTo(0x7f12345000L);
        assertThat(f.get(FocusKey.FOLIO)).isEqualTo(0x200);
        assertThat(f.pfn()).isEqualTo(0x201);
        Map<String, String> q = CursorParams.format(p.step(), f);
        assertThat(q).containsExactly(Map.entry("step", "7"), Map.entry("view", "allocator"), Map.entry("pid", "42"),
                Map.entry("vma", "3"), Map.entry("va", "0x7f12345000"), Map.entry("zone", "DMA"),
                Map.entry("order", "9"), Map.entry("mt", "Movable"), Map.entry("pfn", "0x201"),
                Map.entry("folio", "0x200"), Map.entry("cpu", "0"));
        assertThat(CursorParams.parse(q, 100, BOOTED)).isEqualTo(p);
    }

    @Test
    void valuesAreReadAsLinksWriteThemOrAsPeopleTypeThem() {
        var p = parse("view", " ALLOCATOR ", "pid", "0", "va", "4096", "folio", "512", "vma", "0");
        assertThat(p.problems()).isEmpty();
        assertThat(p.focus().format()).containsExactly(Map.entry("view", "allocator"), Map.entry("pid", "0"),
                Map.entry("vma", "0"), Map.entry("va", "0x1000"), Map.entry("folio", "0x200"));
    }

    @Test
    void addressesRunToTheTopOf57Bits() {
        assertThat(parse("pid", "1", "va", "0x1ffffffffffffff").focus().get(FocusKey.VA))
                .isEqualTo((1L << 57) - 1);
        var over = parse("pid", "1", "va", "0x200000000000000");
        assertThat(over.focus().has(FocusKey.VA)).isFalse();
        assertThat(over.problems()).containsExactly(
                "va '0x200000000000000' is not a user virtual address (0x0..0x1ffffffffffffff)");
    }

    @Test
    void anAddressWithoutItsProcessIsNamedAndDropped() {
        var p = parse("va", "0x7f00", "zone", "DMA");
        assertThat(p.focus()).isEqualTo(Focus.NONE.withZone(0));
        assertThat(p.problems()).singleElement().asString().startsWith("va '0x7f00' needs pid");
    }

    @Test
    void badValuesOfTheNewKeysAreNamedAndDropped() {
        var p = parse("view", "heap", "pid", "-1", "vma", "x", "va", "0xzz", "folio", "0x801", "moves", "0",
                "step", "3");
        assertThat(p.step()).isEqualTo(3);
        assertThat(p.focus()).isEqualTo(Focus.NONE);
        assertThat(p.problems()).containsExactly(
                "view 'heap' is not a view of the debugger (allocator, process, pagetable, folio, lru, reclaim,"
                        + " physmap, swap)",
                "pid '-1' is not a process id (0 or more)",
                "vma 'x' is not a VMA id (0 or more)",
                "va '0xzz' is not a user virtual address (0x0..0x1ffffffffffffff)",
                "folio '0x801' is not a folio's head pfn on this machine (0x0..0x800)",
                "moves '0' is not a number of steps for the LRU moves (1..100000)");
        assertThat(parse("moves", "100000").focus().get(FocusKey.MOVES)).isEqualTo(100_000);
        assertThat(parse("moves", "100001").problems()).singleElement().asString().startsWith("moves '100001'");
        assertThat(parse("pid", "2147483648").problems()).singleElement().asString().startsWith("pid '2147483648'");
    }

    @Test
    void longBadValuesOfEveryKeyAreEchoedShort() {
        String longValue = "9".repeat(2000);
        List<String> all = new ArrayList<>();
        for (FocusKey<?> key : FocusKey.ALL) {
            all.add(key.name());
            all.add(longValue);
        }
        var p = parse(all.toArray(String[]::new));
        assertThat(p.focus()).isEqualTo(Focus.NONE);
        assertThat(p.problems()).hasSize(FocusKey.ALL.size()).allSatisfy(problem -> assertThat(problem)
                .contains("9".repeat(Echo.MAX_LENGTH - 1) + "\u2026'").doesNotContain("9".repeat(Echo.MAX_LENGTH))
                .hasSizeLessThan(200));
        assertThat(p.problems().stream().map(m -> m.substring(0, m.indexOf(' '))))
                .containsExactlyElementsOf(FocusKey.ALL.stream().map(FocusKey::name).toList());
    }

    @Test
    void theAllocatorShorthandsAreTheKeys() {
        Focus f = Focus.NONE.withPcpList(0, 0, 2, 1).withPfn(5);
        assertThat(Arrays.asList(f.zone(), f.cpu(), f.order(), f.mt(), f.pfn())).containsExactly(0, 0, 2, 1, 5);
        assertThat(f.withFreeList(0, 2, 1).cpu()).isNull();
        assertThat(f.listIn(0)).isTrue();
        assertThat(f.with(FocusKey.PFN, null)).isEqualTo(Focus.NONE.withPcpList(0, 0, 2, 1));
        assertThat(f.with(FocusKey.PFN, 5)).isSameAs(f);
        assertThat(f).hasToString("Focus[zone=DMA&order=2&mt=Movable&pfn=0x5&cpu=0]");
    }
}
