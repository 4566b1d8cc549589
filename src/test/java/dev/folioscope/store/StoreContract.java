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
 * to do, and a concurrent bookmark edit is refused, not lost.
 *
 * <p>Every test starts on empty tables. The limits are lowered to 3 so that reaching them is cheap.
 */
@SpringBootTest(classes = StoreContract.StoreOnly.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"folioscope.store.max-scenarios=3", "folioscope.store.max-bookmarks=3"})
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
        ScenarioId id = store.store(SPLIT_MERGE).scenarioId();
        for (int i = 0; i < 3; i++) {
            bookmarks.add(id, i, "", "mark " + i, "");
        }

        assertThatThrownBy(() -> bookmarks.add(id, 4, "", "one too many", ""))
                .isInstanceOf(StoreFullException.class).hasMessageContaining("folioscope.store.max-bookmarks");
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
