package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The memory views on file-mapping, the way a user finds a file mapping's pages: at scenario
 * step 10 the shared mapping (window pages 32-63) has all 32 pages of the file mapped — the cold
 * read fault's fault-around mapped 16, the read in the other half the other 16 — so clicking its
 * VMA lights those 32 frames on the page map and their 32 folios in the LRU view; a lit folio is
 * a page-cache folio of the file, mapped by both the shared and the private mapping where the
 * private one faulted it in too.
 *
 * <p>Expected values come from the scenario's steps and the kernel's rules (fault_around_bytes
 * 64 KiB: 16 pages), worked out in the scenario's description.
 */
class FileMappingIT extends BrowserTestBase {
    private static final String FILE_MAPPING = "file-mapping";

    @Test
    void clickingAFileVmaLightsItsPagesOnThePageMapAndTheLruLists() {
        open("/debug/" + FILE_MAPPING + "?view=process");
        DebuggerPage debugger = new DebuggerPage(page);
        debugger.toScenarioStep(10);

        Locator shared = page.locator("#fs-process tr.fs-vma", new Page.LocatorOptions()
                .setHasText("rw-s"));
        assertThat(shared).hasCount(1);
        assertThat(shared.locator("td.fs-mapsline")).containsText("/data");
        assertThat(shared.locator("td.fs-num").first()).containsText("128");
        shared.locator("td.fs-mapsline .fs-go").click();
        debugger.idle();
        assertThat(page).hasURL(Pattern.compile(".*vma=\\d+.*"));

        page.locator("#fs-tab-physmap").click();
        debugger.idle();
        assertThat(page.locator("#fs-physmap-lit")).hasText("32");
        screenshot("file-mapping-physmap");

        page.locator("#fs-tab-lru").click();
        debugger.idle();
        Locator lit = page.locator("#fs-lru .fs-cell.fs-lit");
        assertThat(lit).hasCount(32);
        screenshot("file-mapping-lru");

        lit.first().click();
        debugger.idle();
        assertThat(page.locator("#fs-folio")).containsText("page-cache folio");
        assertThat(page.locator("#fs-folio")).containsText("/data");
        assertThat(page.locator("#fs-folio")).containsText("PG_mappedtodisk");
        assertThat(page.locator("#fs-folio .fs-rmap tr").first()).containsText("pid 1");
    }

    /**
     * The cold read fault of scenario step 4 in /proc/vmstat: the fault that had to read its page
     * from disk is a major fault, and its 32 pages read ahead are 128 kB read in (pgpgin), lines
     * highlighted as changed by the step's events.
     */
    @Test
    void theColdFaultIsAMajorFaultInProcVmstat() {
        open("/debug/" + FILE_MAPPING);
        DebuggerPage debugger = new DebuggerPage(page);
        debugger.toScenarioStep(4);
        int stepEvent = debugger.step();
        debugger.overScenarioStep();
        Locator tab = page.locator("vaadin-tab", new Page.LocatorOptions().setHasText("/proc/vmstat"));
        tab.click();
        debugger.idle();
        Locator vmstat = page.locator("#fs-vmstat");
        assertThat(vmstat).isVisible();
        assertThat(vmstat).containsText("pgmajfault 1\n");
        assertThat(vmstat).containsText("pgpgin 128\n");

        // the event after the step's own: handle_mm_fault, which counts the fault
        open("/debug/" + FILE_MAPPING + "?step=" + (stepEvent + 1));
        debugger = new DebuggerPage(page);
        assertThat(debugger.currentEventText()).startsWith("handle_mm_fault");
        tab.click();
        debugger.idle();
        assertThat(vmstat.locator(".fs-changed", new Locator.LocatorOptions().setHasText("pgfault "))).hasCount(1);
        screenshot("file-mapping-vmstat");
    }
}
