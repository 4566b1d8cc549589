package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import dev.folioscope.web.BrowserTestBase;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The memory views in Chromium on a machine without processes: the tab strip switches views and
 * writes {@code view=} into the URL, a link reopens the view, the page map focuses the frame
 * clicked, and the walk box refuses what is not an address.
 */
class MemoryViewsIT extends BrowserTestBase {
    private static final String SPLIT_MERGE = "buddy-split-merge";

    private DebuggerPage openDebugger(String pathAndQuery) {
        open("/debug/" + pathAndQuery);
        return new DebuggerPage(page);
    }

    @Test
    void tabsSwitchViewsAndTheUrlReopensThem() {
        DebuggerPage debugger = openDebugger(SPLIT_MERGE + "?step=3");
        assertThat(page.locator("#fs-buddy")).isVisible();
        assertThat(page.locator("#fs-tab-allocator")).hasClass(Pattern.compile(".*fs-selected.*"));

        page.locator("#fs-tab-physmap").focus();
        page.keyboard().press("Enter");
        debugger.idle();
        assertUrlEndsWith("/debug/" + SPLIT_MERGE + "?step=3&view=physmap");
        assertThat(page.locator("#fs-buddy")).hasCount(0);
        Locator img = page.locator("#fs-physmap-img");
        assertThat(img).isVisible();
        assertThat(page.locator("#fs-folio")).isVisible();
        assertThat(page.locator("#fs-lru")).isVisible();

        // the first frame of the first pageblock row: pfn 0, taken at step 3 by the scenario
        BoundingBox box = img.boundingBox();
        img.click(new Locator.ClickOptions().setPosition(1, 1));
        debugger.idle();
        assertThat(box.width).isGreaterThan(300);
        assertThat(page.locator("#fs-folio-pfn")).hasText("0x0");
        assertUrlEndsWith("?step=3&view=physmap&pfn=0x0");
        screenshot("memory-views-physmap");

        page.locator("#fs-tab-pagetable").click();
        debugger.idle();
        assertThat(page.locator("#fs-pagetable")).containsText("no live process");
        page.locator("#fs-walk-input").fill("0xnothex");
        page.locator("#fs-walk-button").click();
        debugger.idle();
        assertThat(page.locator("#fs-walk-message")).containsText("is not a user address");

        open("/debug/" + SPLIT_MERGE + "?step=3&view=lru&pfn=0x0");
        new DebuggerPage(page);
        assertThat(page.locator("#fs-lru")).isVisible();
        assertThat(page.locator("#fs-tab-lru")).hasClass(Pattern.compile(".*fs-selected.*"));
        assertThat(page.locator("#fs-folio-pfn")).hasText("0x0");

        page.locator("#fs-tab-allocator").click();
        debugger.idle();
        assertThat(page.locator("#fs-buddy")).isVisible();
        assertUrlEndsWith("?step=3&view=allocator&pfn=0x0");
    }
}
