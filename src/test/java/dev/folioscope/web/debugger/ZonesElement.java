package dev.folioscope.web.debugger;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Page object of the zones panel: the node's kswapd line, then one box per populated zone with its
 * numbers (free, min, low, high, promo, managed, present, spanned, boost, protection, pfns, pcp,
 * highatomic) and its flags.
 */
final class ZonesElement {
    private final Page page;

    ZonesElement(Page page) {
        this.page = page;
    }

    /** "node 0 · kswapd asleep · failures 0/16". */
    Locator kswapd() {
        return page.locator("#fs-kswapd");
    }

    /**
     * zone() - the numbers shown for one zone, by their labels.
     *
     * @param name the zone's kernel name, e.g. "DMA32"
     * @return label to value as shown, e.g. "free" to "4096", "protection" to "(0, 48, 48, 48, 48)"
     */
    @SuppressWarnings("unchecked")
    Map<String, String> zone(String name) {
        Object numbers = box(name).evaluate("z => { const m = {};"
                + " z.querySelectorAll('.fs-num').forEach(n => { const l = n.querySelector('.fs-num-label');"
                + "   if (l) { m[l.textContent] = n.textContent.substring(l.textContent.length).trim(); } });"
                + " return m; }");
        return (Map<String, String>) numbers;
    }

    /**
     * flags() - the zone flags shown for one zone (ZONE_BOOSTED_WATERMARK, ...).
     *
     * @param name the zone's kernel name
     */
    List<String> flags(String name) {
        return box(name).locator(".fs-flag").allTextContents();
    }

    /** The zone box the user has focused (a click on a zone, or zone= in the link). */
    Locator focused() {
        return page.locator("#fs-zones .fs-zone.fs-focused");
    }

    /**
     * focus() - click a zone's box.
     *
     * @param name the zone's kernel name
     */
    void focus(String name) {
        box(name).locator(".fs-zone-name").click();
        BrowserTestBase.waitForVaadin(page);
    }

    private Locator box(String name) {
        return page.locator("#fs-zones .fs-zone").filter(new Locator.FilterOptions().setHas(
                page.locator(".fs-zone-name", new Page.LocatorOptions().setHasText(
                        Pattern.compile("^" + name + "$")))));
    }
}
