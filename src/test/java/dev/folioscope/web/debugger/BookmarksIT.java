package dev.folioscope.web.debugger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.folioscope.web.BrowserTestBase;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bookmarks and named links end to end, as issue 8 asks: a bookmark with a note at a step with a
 * focus shows in the panel and on the timeline, and takes the user back to that step and focus;
 * it goes with the shared link to a browser that shares nothing with the first; two people editing
 * it at once do not lose an edit silently; a named link opens the same moment elsewhere, and keeps
 * its name when shared again.
 *
 * <p>Every test starts with no bookmarks and no named links.
 */
class BookmarksIT extends BrowserTestBase {
    private static final String SPLIT_MERGE = "buddy-split-merge";
    private static final String FOCUS = "zone=DMA&order=9&mt=Unmovable&pfn=0x200";
    private static final String AT_8 = "/debug/" + SPLIT_MERGE + "?step=8&" + FOCUS;

    @Autowired
    private JdbcClient sql;

    @BeforeEach
    void noBookmarksNorNames() {
        sql.sql("DELETE FROM bookmark").update();
        sql.sql("DELETE FROM named_link").update();
    }

    @Test
    void aBookmarkShowsInThePanelAndOnTheTimelineAndTakesTheUserBack() {
        open(AT_8);
        DebuggerPage debugger = new DebuggerPage(page);
        BookmarksElement bookmarks = debugger.bookmarks();
        String event8 = debugger.currentEventText();

        debugger.key("b");
        assertThat(bookmarks.titleField()).hasValue(event8); // prefilled with the event at the cursor
        bookmarks.titleField().fill("order 9 <b>split</b>");
        bookmarks.noteField().fill("first line\nsecond line\nthird line, in the tooltip only");
        bookmarks.save();

        assertThat(bookmarks.form()).isHidden();
        assertThat(bookmarks.heading()).hasText("Bookmarks (1)");
        assertThat(bookmarks.row("order 9 <b>split</b>")).containsText("8");
        assertThat(bookmarks.row("order 9 <b>split</b>").locator(".fs-bm-focus"))
                .hasText("zone=DMA order=9 mt=Unmovable pfn=0x200");
        assertThat(bookmarks.row("order 9 <b>split</b>").locator(".fs-bm-note"))
                .hasText("first line\nsecond line\nthird line, in the tooltip only");
        assertThat(bookmarks.row("order 9 <b>split</b>")).hasAttribute("title",
                "order 9 <b>split</b>\n\nfirst line\nsecond line\nthird line, in the tooltip only");
        assertThat(page.locator("#fs-bm-list b")).hasCount(0); // shown as typed, never as markup
        assertThat(bookmarks.current()).hasCount(1);
        assertThat(bookmarks.markers()).containsExactly("order 9 <b>split<\u2026"); // shortened

        debugger.key("b");
        bookmarks.titleField().fill("boot");
        debugger.home(); // in the title field Home moves the caret, not the cursor
        assertThat(debugger.stepLabel()).containsText("8 / ");
        page.locator("#fs-bm-cancel").click();
        debugger.idle();
        assertThat(bookmarks.rows()).hasCount(1);

        open("/debug/" + SPLIT_MERGE + "?step=2");
        debugger = new DebuggerPage(page);
        assertThat(debugger.bookmarks().current()).hasCount(0);
        debugger.bookmarks().jumpByKeyboard("order 9 <b>split</b>");
        assertUrlEndsWith(AT_8);
        assertThat(debugger.bookmarks().current()).hasCount(1);

        open("/debug/" + SPLIT_MERGE + "?step=2");
        debugger = new DebuggerPage(page);
        debugger.bookmarks().clickMarker(8);
        assertUrlEndsWith(AT_8);
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aBlankTitleIsRefusedSayingSo() {
        open(AT_8);
        DebuggerPage debugger = new DebuggerPage(page);
        BookmarksElement bookmarks = debugger.bookmarks();

        debugger.key("b");
        bookmarks.titleField().fill("   ");
        bookmarks.noteField().fill("kept");
        bookmarks.save();

        assertThat(bookmarks.problem()).hasText("Not saved: a bookmark needs a title");
        assertThat(bookmarks.noteField()).hasValue("kept");
        assertThat(bookmarks.rows()).hasCount(0);
    }

    @Test
    void theBookmarksGoWithTheSharedLink() {
        open(AT_8);
        DebuggerPage debugger = new DebuggerPage(page);
        debugger.bookmarks().add("the order 9 split", "DMA gives up a whole pageblock here");
        debugger.stepForward(3);
        debugger.bookmarks().add("three later", "");
        screenshot("bookmarks-panel");

        String link = debugger.share();
        assertThat(debugger.shareBookmarks()).hasText("2 bookmarks go with this link.");

        Page other = pageInFreshContext();
        other.navigate(link);
        DebuggerPage opened = new DebuggerPage(other);
        BookmarksElement theirs = opened.bookmarks();
        assertThat(theirs.rows()).hasCount(2);
        assertThat(theirs.row("the order 9 split").locator(".fs-bm-note"))
                .hasText("DMA gives up a whole pageblock here");
        assertThat(theirs.markers()).containsExactly("the order 9 split", "three later");
        theirs.jump("the order 9 split");
        assertThat(other).hasURL(Pattern.compile(".*/s/[a-z2-7]{32}\\?step=8&" + FOCUS));
    }

    @Test
    void aChangeOnOnePageShowsAtOnceOnAnotherOpenOnTheSameScenario() {
        open(AT_8);
        DebuggerPage alice = new DebuggerPage(page);
        Page bobsPage = pageInFreshContext();
        bobsPage.navigate(url(AT_8));
        DebuggerPage bob = new DebuggerPage(bobsPage);
        assertThat(bob.bookmarks().rows()).hasCount(0);

        alice.bookmarks().add("split", "seen by Bob without a reload");

        assertThat(bob.bookmarks().heading()).hasText("Bookmarks (1)");
        assertThat(bob.bookmarks().row("split").locator(".fs-bm-note")).hasText("seen by Bob without a reload");
        assertThat(bobsPage).hasURL(Pattern.compile(".*/debug/" + SPLIT_MERGE + "\\?step=8&" + FOCUS));
        assertThat(bob.bookmarks().markers()).containsExactly("split");

        bob.bookmarks().edit("split"); // Bob's form stays open, with his text, while Alice deletes it
        bob.bookmarks().titleField().fill("split, Bob's words");
        alice.bookmarks().delete("split");

        assertThat(bob.bookmarks().heading()).hasText("Bookmarks (0)");
        assertThat(bob.bookmarks().titleField()).hasValue("split, Bob's words");
        assertThat(bob.bookmarks().titleField()).isFocused(); // still typing, undisturbed
        bob.bookmarks().save();
        assertThat(bob.bookmarks().problem()).containsText("It was deleted; your text is still here");
        bob.bookmarks().save();
        assertThat(alice.bookmarks().row("split, Bob's words")).isVisible();
    }

    @Test
    void twoPeopleEditingOneBookmarkTheSecondIsToldAndKeepsTheirText() {
        open(AT_8);
        DebuggerPage alice = new DebuggerPage(page);
        alice.bookmarks().add("split", "");
        String link = alice.share();
        Page bobsPage = pageInFreshContext();
        bobsPage.navigate(link);
        DebuggerPage bob = new DebuggerPage(bobsPage);
        bob.bookmarks().edit("split"); // Bob opens the bookmark before Alice saves

        alice.key("Escape");
        alice.bookmarks().edit("split");
        alice.bookmarks().titleField().fill("split, Alice's words");
        alice.bookmarks().save();
        bob.bookmarks().titleField().fill("split, Bob's words");
        bob.bookmarks().noteField().fill("Bob's note");
        bob.bookmarks().save();

        assertThat(bob.bookmarks().problem()).containsText("was changed or deleted by someone else since you opened"
                + " it; your change was not saved.");
        assertThat(bob.bookmarks().row("split, Alice's words")).isVisible(); // theirs, above Bob's form
        assertThat(bob.bookmarks().titleField()).hasValue("split, Bob's words");
        assertThat(bob.bookmarks().noteField()).hasValue("Bob's note");

        bob.bookmarks().save(); // now over Alice's version, knowingly
        assertThat(bob.bookmarks().form()).isHidden();
        assertThat(bob.bookmarks().row("split, Bob's words").locator(".fs-bm-note")).hasText("Bob's note");

        open(AT_8);
        DebuggerPage again = new DebuggerPage(page);
        assertThat(again.bookmarks().rows()).hasCount(1);
        again.bookmarks().delete("split, Bob's words");
        assertThat(again.bookmarks().rows()).hasCount(0);
        assertThat(again.bookmarks().markers()).isEmpty();
    }

    @Test
    void aNamedLinkOpensTheSameMomentAndKeepsItsNameWhenSharedAgain() {
        open(AT_8);
        DebuggerPage made = new DebuggerPage(page);
        made.share();
        made.saveName("  Split-Order-9 ");
        assertThat(made.namedLink()).hasValue(Pattern.compile("http://localhost:\\d+/l/split-order-9"));
        String named = made.namedLink().inputValue();

        Page other = pageInFreshContext();
        other.navigate(named);
        DebuggerPage opened = new DebuggerPage(other);
        assertThat(other).hasURL(named + "?step=8&" + FOCUS);
        assertThat(opened.stepLabel()).hasText(made.stepLabel().textContent());
        assertThat(opened.freeLists().heading()).hasText(made.freeLists().heading().textContent());

        opened.share();
        assertThat(opened.nameField()).hasValue("split-order-9");
        assertThat(opened.namedLink()).hasValue(named);
        other.keyboard().press("Escape");
        opened.stepForward();
        opened.share();
        assertThat(opened.nameField()).hasValue("split-order-9-2");
        assertThat(opened.namedLink()).isHidden();
        opened.saveName("split-order-9");
        assertThat(opened.nameStatus()).hasText("Not saved: The name \u201csplit-order-9\u201d is taken by another"
                + " moment; choose another, for example \u201csplit-order-9-2\u201d.");

        other.navigate(named + "?step=3");
        DebuggerPage earlier = new DebuggerPage(other);
        assertThat(earlier.stepLabel()).containsText("3 / ");
        assertThat(other).hasURL(named + "?step=3&" + FOCUS); // the link's focus, the query's step
    }

    @Test
    void aNameThatNamesNothingGetsTheNotFoundPage() {
        Response response = page.navigate(url("/l/nothing-named-so"));
        waitForVaadin();
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("#fs-not-found-reason")).hasText("No link is named \u201cnothing-named-so\u201d on"
                + " this server: check its spelling, or the link may belong to another Folioscope server.");

        response = page.navigate(url("/l/%3Cb%3Ebold"));
        waitForVaadin();
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("#fs-not-found-reason")).containsText("\u201c<b>bold\u201d is not a link name.");
        assertThat(page.locator("#fs-not-found b")).hasCount(0);

        response = page.navigate(url("/l/%20nothing%E2%84%AA")); // a space and the Kelvin sign, encoded
        waitForVaadin();
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("#fs-not-found-reason")).containsText("is not a link name.");
    }
}
