package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.proc.ProcFile;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.web.BrowserTestBase;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The debugger end to end in Chromium: the scenario list, stepping by keyboard, deep links and
 * bad links, the heatmap and the timeline. Expected kernel state is computed here from the
 * kernel API (a recording of the same scenario), never copied from the UI.
 */
class DebuggerIT extends BrowserTestBase {
    private static final String SPLIT_MERGE = "buddy-split-merge";

    private static Recording record(String scenario) {
        return Recorder.record(Catalog.input(Catalog.shipped(scenario)), n -> { });
    }

    private Locator stepLabel() {
        return page.locator("#fs-step-label");
    }

    private void press(String key, int times) {
        for (int i = 0; i < times; i++) {
            page.keyboard().press(key);
            waitForVaadin();
        }
    }

    @Test
    void openFromListStepByKeyboardAndCompareBuddyinfo() {
        Recording rec = record(SPLIT_MERGE);
        open("/");
        Locator card = page.locator("#fs-scenario-" + SPLIT_MERGE);
        assertThat(card).containsText("Buddy split and merge");
        assertThat(card).containsText("7 steps");
        screenshot("scenario-list");

        card.click();
        assertThat(stepLabel()).hasText("0 / " + rec.lastStep());
        press("ArrowRight", 10);
        assertThat(stepLabel()).hasText("10 / " + rec.lastStep());
        press("ArrowLeft", 3);
        assertThat(stepLabel()).hasText("7 / " + rec.lastStep());

        String expected = ProcFile.BUDDYINFO.render(rec.timeline().seek(7).kernel());
        assertThat(page.locator("#fs-buddyinfo").textContent()).isEqualTo(expected);
        assertThat(page.url()).contains("/debug/" + SPLIT_MERGE).contains("step=7");
        assertThat(page.locator("#fs-event-function")).containsText(rec.events().get(7).kind().function());
        screenshot("debugger-step-7");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void stepOverAndStepOutFollowTheTimeline() {
        Recording rec = record(SPLIT_MERGE);
        open("/debug/" + SPLIT_MERGE + "?step=3");
        assertThat(stepLabel()).hasText("3 / " + rec.lastStep());
        page.keyboard().press("Shift+ArrowRight");
        waitForVaadin();
        int over = rec.timeline().stepOver(3);
        assertThat(stepLabel()).hasText(over + " / " + rec.lastStep());
        page.locator("#fs-out").click();
        waitForVaadin();
        assertThat(stepLabel()).hasText(rec.timeline().stepOut(over) + " / " + rec.lastStep());
    }

    @Test
    void stepFieldJumpsOnEnterAndKeepsArrowsForTheCaret() {
        Recording rec = record(SPLIT_MERGE);
        open("/debug/" + SPLIT_MERGE + "?step=2");
        Locator input = page.locator("#fs-step-field input");
        input.fill("42");
        input.press("Enter");
        waitForVaadin();
        assertThat(stepLabel()).hasText("42 / " + rec.lastStep());
        input.press("ArrowLeft"); // moves the caret in the field, not the debugger
        waitForVaadin();
        assertThat(stepLabel()).hasText("42 / " + rec.lastStep());
        page.keyboard().press("End");
        waitForVaadin();
        assertThat(stepLabel()).hasText("42 / " + rec.lastStep());
        page.locator("#fs-event").click(new Locator.ClickOptions().setPosition(5, 5));
        page.keyboard().press("End");
        waitForVaadin();
        assertThat(stepLabel()).hasText(rec.lastStep() + " / " + rec.lastStep());
        page.keyboard().press("Home");
        waitForVaadin();
        assertThat(stepLabel()).hasText("0 / " + rec.lastStep());
    }

    @Test
    void deepLinkRestoresStepAndFocus() {
        Recording rec = record(SPLIT_MERGE);
        open("/debug/" + SPLIT_MERGE + "?step=5&zone=DMA");
        assertThat(stepLabel()).hasText("5 / " + rec.lastStep());
        assertThat(page.locator("#fs-step-field input")).hasValue("5");
        assertThat(page.locator(".fs-zone.fs-focused")).containsText("DMA");
        assertThat(page.locator("#fs-buddy .fs-panel-title")).containsText("zone DMA");
        assertThat(page.url()).contains("step=5").contains("zone=DMA");
        String expected = ProcFile.BUDDYINFO.render(rec.timeline().seek(5).kernel());
        assertThat(page.locator("#fs-buddyinfo").textContent()).isEqualTo(expected);
    }

    @Test
    void stepOutOfRangeIsReportedAndClamped() {
        Recording rec = record(SPLIT_MERGE);
        open("/debug/" + SPLIT_MERGE + "?step=999999");
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("step 999999")))
                .isVisible();
        assertThat(stepLabel()).hasText(rec.lastStep() + " / " + rec.lastStep());
        assertThat(page.url()).contains("step=" + rec.lastStep());
        screenshot("bad-step");
    }

    @Test
    void stepNotANumberIsReported() {
        Recording rec = record(SPLIT_MERGE);
        open("/debug/" + SPLIT_MERGE + "?step=abc&mt=Sideways&pfn=zz");
        Locator cards = page.locator("vaadin-notification-card");
        assertThat(cards.filter(new Locator.FilterOptions().setHasText("step 'abc' is not a number"))).isVisible();
        assertThat(cards.filter(new Locator.FilterOptions().setHasText("mt 'Sideways'"))).isVisible();
        assertThat(cards.filter(new Locator.FilterOptions().setHasText("pfn 'zz'"))).isVisible();
        assertThat(stepLabel()).hasText("0 / " + rec.lastStep());
        assertThat(page.url()).doesNotContain("abc").doesNotContain("Sideways");
    }

    @Test
    void unknownScenarioGoesBackToTheList() {
        open("/debug/no-such-scenario?step=3");
        assertThat(page.locator("vaadin-notification-card")
                .filter(new Locator.FilterOptions().setHasText("no-such-scenario"))).isVisible();
        assertThat(page.locator("#fs-scenarios")).isVisible();
        assertThat(page).hasURL(Pattern.compile(".*:" + port + "/?$"));
    }

    @Test
    void heatmapCellFocusesFreeList() {
        Recording rec = record(SPLIT_MERGE);
        int step = 40;
        Kernel k = rec.timeline().seek(step).kernel();
        Zone dma = k.node().zone(0);
        int order = -1;
        int mt = -1;
        for (int o = Zone.MAX_PAGE_ORDER; o >= 0 && order < 0; o--) {
            for (int m = 0; m < MigrateType.COUNT; m++) {
                if (dma.nrFree(o, m) > 0) {
                    order = o;
                    mt = m;
                    break;
                }
            }
        }
        assertThat(order).as("a non-empty free list at step " + step).isNotNegative();
        open("/debug/" + SPLIT_MERGE + "?step=" + step);
        Locator heatmap = page.locator("#fs-heatmap");
        waitForChart(heatmap);

        clickChartData(heatmap, 0, order, mt);

        String mtName = MigrateType.of(mt).procName();
        assertThat(page).hasURL(Pattern.compile(".*order=" + order + "&mt=" + mtName + ".*"));
        assertThat(page.locator("#fs-free-list-head"))
                .containsText("free_area[" + order + "].free_list[" + mtName + "]: " + dma.nrFree(order, mt));
        Locator blocks = page.locator("#fs-free-list .fs-block");
        assertThat(blocks).hasCount((int) Math.min(BuddyPanel.LIST_CAP, dma.nrFree(order, mt)));
        int head = dma.freeListHead(order, mt);
        assertThat(blocks.first()).containsText(EventText.range(head, order));

        blocks.first().click();
        waitForVaadin();
        assertThat(page).hasURL(Pattern.compile(".*pfn=0x" + Integer.toHexString(head) + ".*"));
        assertThat(page.locator("#fs-page-info")).containsText("PageBuddy yes, order " + k.mem().buddyOrder(head));
        assertThat(head % (1 << order)).isZero();
        assertThat(k.mem().isBuddy(head)).isTrue();
        screenshot("heatmap-focus");
    }

    @Test
    void timelineClickMovesTheStep() {
        Recording rec = record(SPLIT_MERGE);
        open("/debug/" + SPLIT_MERGE + "?step=0");
        Locator chart = page.locator("#fs-timeline-chart");
        waitForChart(chart);

        clickChartData(chart, 1, 60, 0.5); // one category per step: the click lands on step 60

        assertThat(stepLabel()).hasText("60 / " + rec.lastStep());
        assertThat(page.url()).contains("step=60");
    }

    @Test
    void timelineOfALongRecordingIsDownsampled() {
        Recording rec = record("fragmentation");
        int[] samples = TimelinePanel.samples(rec.lastStep());
        assertThat(samples).hasSize(TimelinePanel.MAX_POINTS);
        assertThat(samples[samples.length - 1]).isEqualTo(rec.lastStep());
        open("/debug/fragmentation?step=0");
        Locator chart = page.locator("#fs-timeline-chart");
        waitForChart(chart);
        int index = samples.length * 3 / 5;

        clickChartData(chart, 1, index, 0.5);

        // 2000 samples on ~1500 px: a click may land on a neighbouring sample.
        assertThat(stepLabel()).not().hasText("0 / " + rec.lastStep());
        int step = Integer.parseInt(stepLabel().textContent().split(" ")[0]);
        assertThat(step).isIn(samples[index - 1], samples[index], samples[index + 1]);
        assertThat(page.url()).contains("step=" + step);
        screenshot("timeline-click");
    }

    @Test
    void overviewScreenshot() {
        // Step 281: Normal fails its low-watermark check for an order-10 block; the request spills to DMA32.
        open("/debug/zone-fallback?step=281&zone=Normal&order=10&mt=Movable");
        assertThat(page.locator("#fs-event-function")).containsText("zone_watermark_ok");
        assertThat(page.locator("#fs-watermark-check")).containsText("lowmem_reserve[Normal]");
        waitForChart(page.locator("#fs-heatmap"));
        waitForChart(page.locator("#fs-timeline-chart"));
        page.waitForTimeout(300);
        screenshot("debugger");
        assertThat(consoleErrors).isEmpty();
        assertThat(page.title()).contains("Zone fallback");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "debugger-full.png"))
                .setFullPage(true));
    }
}
