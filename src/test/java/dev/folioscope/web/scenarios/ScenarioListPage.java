package dev.folioscope.web.scenarios;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.folioscope.web.BrowserTestBase;

/**
 * Page object of {@code /}, the list of shipped scenarios: one card per scenario file, a click on
 * it opens the debugger.
 */
public final class ScenarioListPage {
    private final Page page;

    /**
     * ScenarioListPage() - the list as it is shown in {@code page}.
     *
     * @param page a page that has navigated to "/"
     */
    public ScenarioListPage(Page page) {
        this.page = page;
        page.locator("#fs-scenarios").waitFor();
    }

    /** Every scenario card. */
    public Locator cards() {
        return page.locator("#fs-scenarios .fs-scenario");
    }

    /**
     * card() - the card of one scenario.
     *
     * @param name the scenario's file name without ".yaml"
     * @return the card (title, file, machine line, description excerpt)
     */
    public Locator card(String name) {
        return page.locator("#fs-scenario-" + name);
    }

    /** The machine line of a card: "16 MiB (DMA 4096 pages) · 1 CPU · 8 steps · seed 1". */
    public Locator machine(String name) {
        return card(name).locator(".fs-scenario-machine");
    }

    /**
     * openScenario() - click a scenario's card, as a user picks it.
     *
     * @param name the scenario's file name without ".yaml"
     */
    public void openScenario(String name) {
        card(name).click();
        BrowserTestBase.waitForVaadin(page);
    }
}
