package dev.folioscope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.ScenarioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the store promises, run against each database it supports ({@link StoreH2Test},
 * {@link StorePostgresTest}): a scenario text gets one id however its lines end, a link names the
 * model version, what is stored reads back the same, limits refuse with a message that says what
 * to do, a concurrent bookmark edit or delete is refused, not lost, and a link name, once given to a
 * moment, keeps naming it.
 *
 * <p>Every test starts on empty tables. The limits are lowered to 3 (2 bookmarks a scenario) so
 * that reaching them is cheap.
 */
@SpringBootTest(classes = StoreContract.StoreOnly.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"folioscope.store.max-scenarios=3", "folioscope.store.max-bookmarks=3",
                "folioscope.store.max-named-links=3", "folioscope.store.max-bookmarks-per-scenario=2"})
abstract class StoreContract {
    /** A shipped scenario as it is in the jar: LF line ends, one final newline. */
    static final String SPLIT_MERGE = shippedText("buddy-split-merge");

    /**
     * The store alone, without the web UI: its services, the database and Flyway. Vaadin's
     * auto-configuration is left out, as it wants a web application context. Nested in a test class
     * so that the web application's component scan, which covers the tests' packages too, skips it
     * (Spring Boot's test type filter) and its exclusions never reach the browser tests.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {"com.vaadin.flow.spring.SpringBootAutoConfiguration",
            "com.vaadin.flow.spring.SpringSecurityAutoConfiguration"})
    @ComponentScan(basePackageClasses = ScenarioStore.class)
    static class StoreOnly {
    }

    @Autowired
    ScenarioStore store;
    @Autowired
    BookmarkService bookmarks;
    @Autowired
    NamedLinkService links;
    @Autowired
    JdbcClient sql;

    @BeforeEach
    void emptyTables() {
        sql.sql("DELETE FROM bookmark").update();
        sql.sql("DELETE FROM named_link").update();
        sql.sql("DELETE FROM stored_scenario").update();
    }

    @Test
    void theSameTextGetsTheSameIdHoweverItsLinesEnd() {
        String windows = "\uFEFF" + SPLIT_MERGE.strip().replace("\n", "  \r\n") + "\r\n\r\n";

        StoredScenario first = store.store(SPLIT_MERGE);
        StoredScenario again = store.store(windows);

        assertThat(again.id()).isEqualTo(first.id()).matches("[a-z2-7]{32}");
        assertThat(again.text()).isEqualTo(SPLIT_MERGE);
        assertThat(rows("stored_scenario")).isEqualTo(1);
    }

    @Test
    void anotherTextGetsAnotherId() {
        StoredScenario plain = store.store(SPLIT_MERGE);
        StoredScenario commented = store.store(SPLIT_MERGE + "# shared with the reclaim reading group\n");

        assertThat(commented.id()).isNotEqualTo(plain.id());
        assertThat(rows("stored_scenario")).isEqualTo(2);
    }

    @Test
    void aLinkFromAnOlderModelKeepsItsVersionAndTheTextGetsANewIdUnderThisOne() {
        int older = Kernel.MODEL_VERSION - 1;
        ScenarioId oldId = ScenarioId.of(SPLIT_MERGE, older);
        sql.sql("INSERT INTO stored_scenario (id, text, model_version, created_at) VALUES (?, ?, ?, ?)")
                .params(oldId.value(), SPLIT_MERGE, older, Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")))
                .update();

        StoredScenario current = store.store(SPLIT_MERGE);

        assertThat(current.id()).isNotEqualTo(oldId.value());
        assertThat(current.modelVersion()).isEqualTo(Kernel.MODEL_VERSION);
        assertThat(store.find(oldId)).get().extracting(StoredScenario::modelVersion).isEqualTo(older);
        assertThatThrownBy(() -> ScenarioStore.scenario(store.find(oldId).orElseThrow()))
                .hasMessageContaining("model version " + older);
    }

    @Test
    void whatIsStoredReadsBackAndRecordsAsTheShippedScenario() {
        Instant before = Instant.now().minusSeconds(1);
        StoredScenario stored = store.store(SPLIT_MERGE);

        StoredScenario read = store.find(stored.scenarioId()).orElseThrow();
        assertThat(read).isEqualTo(stored);
        assertThat(read.createdAt()).isAfter(before);
        Scenario scenario = ScenarioStore.scenario(read);
        assertThat(scenario.name()).isEqualTo(stored.id());
        assertThat(scenario.title()).isEqualTo("Buddy split and merge on a tiny machine");
        assertThat(scenario.steps()).isEqualTo(Catalog.shipped("buddy-split-merge").steps());
        assertThat(store.find(ScenarioId.of("nothing stored", Kernel.MODEL_VERSION))).isEmpty();
    }

    @Test
    void anInvalidScenarioIsRefusedWithItsLineAndColumnAndNothingIsStored() {
        String bad = SPLIT_MERGE.replaceFirst("steps:", "stepz:");

        assertThatThrownBy(() -> store.store(bad)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(ScenarioStore.FILE + ":").hasMessageMatching("(?s).*:\\d+:\\d+.*");
        assertThat(rows("stored_scenario")).isZero();
    }

    @Test
    void aScenarioOverOneMebibyteIsRefused() {
        String huge = SPLIT_MERGE + "#" + "x".repeat(1024 * 1024) + "\n";

        assertThatThrownBy(() -> store.store(huge)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("the limit is 1 MiB");
        assertThat(rows("stored_scenario")).isZero();
    }

    @Test
    void aFullStoreRefusesNewScenariosButStillFindsStoredOnes() {
        for (int i = 0; i < 3; i++) {
            store.store(SPLIT_MERGE + "# copy " + i + "\n");
        }

        assertThatThrownBy(() -> store.store(SPLIT_MERGE + "# one too many\n"))
                .isInstanceOf(StoreFullException.class)
                .hasMessage("This server already stores 3 scenarios, its limit: nothing new can be saved until its"
                        + " operator raises folioscope.store.max-scenarios or removes some.");
        assertThat(store.store(SPLIT_MERGE + "# copy 1\n").text()).endsWith("# copy 1\n");
        assertThat(rows("stored_scenario")).isEqualTo(3);
    }

    @Test
    void aBookmarkReadsBackWithItsNoteAndFocus() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();

        Bookmark added = bookmarks.add(id, 12, "zone=DMA&pfn=0x200", "the split", "<b>not bold</b> & kept as typed");

        assertThat(added.id()).isNotNull();
        assertThat(added.version()).isZero();
        assertThat(bookmarks.of(id)).containsExactly(added);
    }

    @Test
    void twoPeopleEditingOneBookmarkTheSecondIsToldAndTheFirstEditStays() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();
        Bookmark added = bookmarks.add(id, 3, "", "merge", "");
        Bookmark alicesCopy = bookmarks.of(id).getFirst();
        Bookmark bobsCopy = bookmarks.of(id).getFirst();

        Bookmark saved = bookmarks.update(alicesCopy.withText("merge back to order 10", "all the way up"));

        assertThat(saved.version()).isEqualTo(added.version() + 1);
        assertThatThrownBy(() -> bookmarks.update(bobsCopy.withText("merge", "Bob's note")))
                .isInstanceOf(BookmarkConflictException.class)
                .hasMessage("The bookmark \u201cmerge\u201d was changed or deleted by someone else since you opened it;"
                        + " your change was not saved. Reload it and make your change again.");
        assertThat(bookmarks.of(id)).singleElement().satisfies(b -> {
            assertThat(b.title()).isEqualTo("merge back to order 10");
            assertThat(b.note()).isEqualTo("all the way up");
        });
    }

    @Test
    void aFullStoreRefusesNewBookmarks() {
        ScenarioId one = store.store(SPLIT_MERGE).scenarioId();
        ScenarioId other = store.store(SPLIT_MERGE + "# another\n").scenarioId();
        bookmarks.add(one, 1, "", "mark 1", "");
        bookmarks.add(one, 2, "", "mark 2", "");
        bookmarks.add(other, 1, "", "mark 3", "");

        assertThatThrownBy(() -> bookmarks.add(other, 4, "", "one too many", ""))
                .isInstanceOf(StoreFullException.class).hasMessageContaining("folioscope.store.max-bookmarks ");
    }

    @Test
    void aScenarioWithAsManyBookmarksAsOneMayHaveRefusesMoreButOthersDoNot() {
        ScenarioId full = store.store(SPLIT_MERGE).scenarioId();
        ScenarioId other = store.store(SPLIT_MERGE + "# another\n").scenarioId();
        bookmarks.add(full, 1, "", "mark 1", "");
        bookmarks.add(full, 2, "", "mark 2", "");

        assertThatThrownBy(() -> bookmarks.add(full, 3, "", "one too many", ""))
                .isInstanceOf(StoreFullException.class)
                .hasMessage("This scenario already has 2 bookmarks, as many as one scenario may have on this server:"
                        + " delete some first (or its operator may raise folioscope.store.max-bookmarks-per-scenario).");
        assertThat(bookmarks.add(other, 1, "", "elsewhere", "").title()).isEqualTo("elsewhere");
        assertThat(bookmarks.of(full)).hasSize(2);
    }

    @Test
    void aBookmarkIsDeletedOnlyAsTheVersionThatWasRead() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();
        Bookmark stale = bookmarks.add(id, 5, "zone=DMA", "split", "");
        Bookmark fresh = bookmarks.update(stale.withText("split to order 0", ""));

        assertThatThrownBy(() -> bookmarks.delete(stale)).isInstanceOf(BookmarkConflictException.class)
                .hasMessageStartingWith("The bookmark \u201csplit\u201d was changed or deleted by someone else");
        assertThat(bookmarks.of(id)).containsExactly(fresh);

        bookmarks.delete(fresh);

        assertThat(bookmarks.of(id)).isEmpty();
        assertThatThrownBy(() -> bookmarks.delete(fresh)).isInstanceOf(BookmarkConflictException.class);
    }

    @Test
    void aNamedLinkReadsBackUnderItsNameAsTyped() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();

        NamedLink made = links.create("  Split.Order-9_DMA ", id, 8, "zone=DMA&order=9&mt=Unmovable");

        assertThat(made.name()).isEqualTo("split.order-9_dma");
        assertThat(links.find("SPLIT.order-9_dma")).contains(made);
        assertThat(links.find("nothing-here")).isEmpty();
        assertThat(made.scenarioId()).isEqualTo(id.value());
        assertThat(made.step()).isEqualTo(8);
        assertThat(made.focusQuery()).isEqualTo("zone=DMA&order=9&mt=Unmovable");
    }

    @Test
    void theSameNameForTheSameMomentIsTheSameLink() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();
        NamedLink first = links.create("merge", id, 3, "");

        assertThat(links.create("Merge", id, 3, "")).isEqualTo(first);
        assertThat(rows("named_link")).isEqualTo(1);
    }

    @Test
    void aNameTakenByAnotherMomentIsRefusedWithAFreeVariant() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();
        links.create("merge", id, 3, "");
        links.create("merge-2", id, 4, "");

        assertThatThrownBy(() -> links.create("merge", id, 3, "zone=DMA")).isInstanceOf(NameTakenException.class)
                .hasMessage("The name \u201cmerge\u201d is taken by another moment; choose another, for example"
                        + " \u201cmerge-3\u201d.")
                .extracting(e -> ((NameTakenException) e).freeVariant()).isEqualTo("merge-3");
        assertThatThrownBy(() -> links.create("merge-2", id, 9, "")).isInstanceOf(NameTakenException.class)
                .hasMessageContaining("\u201cmerge-2-2\u201d");
        assertThat(links.find("merge")).get().extracting(NamedLink::focusQuery).isEqualTo("");
        assertThat(rows("named_link")).isEqualTo(2);
    }

    @Test
    void invalidNamesAreRefusedSayingWhatANameHolds() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();

        for (String bad : new String[] {"", "   ", "-merge", "merge/../x", "<b>x</b>", "m\u00e9moire", "a b",
                "mar\u212A" /* the Kelvin sign, which lower-cases to k */,
                "x".repeat(101)}) {
            assertThatThrownBy(() -> links.create(bad, id, 3, "")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("A link name is 1 to 100 characters: letters a\u2013z, digits");
            assertThatThrownBy(() -> links.find(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(links.create("x".repeat(100), id, 3, "").name()).hasSize(100);
        assertThat(links.freeVariant("x".repeat(100))).isEqualTo("x".repeat(98) + "-2");
        assertThat(rows("named_link")).isEqualTo(1);
    }

    @Test
    void aFullStoreRefusesNewNamesButKeepsGivingTheOldOnes() {
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();
        for (int i = 0; i < 3; i++) {
            links.create("moment-" + i, id, i, "");
        }

        assertThatThrownBy(() -> links.create("one-too-many", id, 4, "")).isInstanceOf(StoreFullException.class)
                .hasMessageContaining("3 named links").hasMessageContaining("folioscope.store.max-named-links");
        assertThat(links.create("moment-1", id, 1, "").step()).isEqualTo(1);
    }

    private long rows(String table) {
        return sql.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private static String shippedText(String name) {
        try (InputStream in = StoreContract.class.getClassLoader().getResourceAsStream("scenarios/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
