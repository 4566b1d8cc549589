package dev.folioscope.store;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of {@code bookmark}: a title and a note at a moment of a stored scenario.
 *
 * @param id assigned by the database on insert; null before
 * @param scenarioId the stored scenario's id
 * @param step the step the bookmark marks
 * @param focusQuery the focus as the debugger's query string writes it, without the step
 *     ({@code zone=DMA&pfn=0x200}); "" for none
 * @param title at most {@link #TITLE_MAX_LENGTH} characters
 * @param note at most {@link #NOTE_MAX_LENGTH} characters, "" for none
 * @param version the optimistic lock: the version this copy was read at; null before insert
 * @param createdAt when it was added
 * @param updatedAt when it was last saved
 */
@Table
public record Bookmark(@Id Long id, String scenarioId, int step, String focusQuery, String title, String note,
        @Version Long version, Instant createdAt, Instant updatedAt) {
    public static final int TITLE_MAX_LENGTH = 200;
    public static final int NOTE_MAX_LENGTH = 20_000;
    public static final int FOCUS_QUERY_MAX_LENGTH = 2000;

    /** This bookmark with another title and note, to be saved over the version it was read at. */
    public Bookmark withText(String newTitle, String newNote) {
        return new Bookmark(id, scenarioId, step, focusQuery, newTitle, newNote, version, createdAt, updatedAt);
    }

    Bookmark updatedAt(Instant when) {
        return new Bookmark(id, scenarioId, step, focusQuery, title, note, version, createdAt, when);
    }
}
