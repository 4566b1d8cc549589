package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.web.base.Echo;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Links: every bad parameter is named in a problem and replaced by a valid value. */
class CursorParamsTest {
    /** 8 MiB: ZONE_DMA only, pfns 0..2047. */
    private static final Kernel BOOTED = Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(8L << 20), 1,
            MachineConfig.Sysctl.defaults(), MachineConfig.ThpMode.NEVER));

    @Test
    void validParametersRoundTrip() {
        var p = CursorParams.parse(Map.of("step", "5", "zone", "dma", "order", "3", "mt", "movable", "pfn", "0x1a0"),
                100, BOOTED);
        assertThat(p.problems()).isEmpty();
        assertThat(p.step()).isEqualTo(5);
        assertThat(p.focus()).isEqualTo(Focus.NONE.withFreeList(0, 3, 1).withPfn(0x1a0));
        assertThat(CursorParams.format(p.step(), p.focus()))
                .containsExactly(Map.entry("step", "5"), Map.entry("zone", "DMA"), Map.entry("order", "3"),
                        Map.entry("mt", "Movable"), Map.entry("pfn", "0x1a0"));
    }

    @Test
    void aPerCpuListFocusRoundTripsAndACpuTheMachineLacksIsNamed() {
        var p = CursorParams.parse(Map.of("step", "2", "zone", "DMA", "order", "0", "mt", "Unmovable", "cpu", "0"),
                100, BOOTED);
        assertThat(p.problems()).isEmpty();
        assertThat(p.focus()).isEqualTo(Focus.NONE.withPcpList(0, 0, 0, 0));
        assertThat(CursorParams.format(p.step(), p.focus())).containsEntry("cpu", "0");

        var bad = CursorParams.parse(Map.of("cpu", "1"), 100, BOOTED);
        assertThat(bad.focus().cpu()).isNull();
        assertThat(bad.problems()).singleElement().asString().contains("cpu '1'").contains("0..0");
    }

    @Test
    void stepOutOfRangeIsClampedAndNamed() {
        var high = CursorParams.parse(Map.of("step", "999999"), 100, BOOTED);
        assertThat(high.step()).isEqualTo(100);
        assertThat(high.problems()).singleElement().asString().contains("step 999999").contains("0..100");
        var low = CursorParams.parse(Map.of("step", "-4"), 100, BOOTED);
        assertThat(low.step()).isZero();
    }

    @Test
    void badValuesAreNamedAndDropped() {
        var p = CursorParams.parse(Map.of("step", "abc", "zone", "Normal", "order", "11", "mt", "Sideways", "pfn",
                "0x801"), 100, BOOTED);
        assertThat(p.step()).isZero();
        assertThat(p.focus()).isEqualTo(Focus.NONE);
        assertThat(p.problems()).hasSize(5);
        assertThat(String.join("\n", p.problems())).contains("step 'abc'").contains("zone 'Normal'")
                .contains("order '11'").contains("mt 'Sideways'").contains("pfn '0x801'");
    }

    @Test
    void longValuesAreEchoedShort() {
        String longValue = "x".repeat(2000);
        var p = CursorParams.parse(Map.of("step", longValue, "zone", longValue, "order", longValue, "mt", longValue,
                "pfn", longValue), 100, BOOTED);
        assertThat(p.problems()).hasSize(5).allSatisfy(problem -> assertThat(problem)
                .contains("x".repeat(Echo.MAX_LENGTH - 1) + "\u2026'").doesNotContain("x".repeat(Echo.MAX_LENGTH))
                .hasSizeLessThan(200));
    }

    @Test
    void decimalPfnIsAccepted() {
        assertThat(CursorParams.parse(Map.of("pfn", "512"), 10, BOOTED).focus().pfn()).isEqualTo(512);
    }
}
