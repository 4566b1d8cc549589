package dev.folioscope.store;

import java.time.Instant;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * Bookmarks: add one at a moment of a stored scenario, list a scenario's, change one's title and
 * note, delete one. Each write is one statement; a change saved over a version someone else has replaced in
 * the meantime, or a delete of such a version, is refused ({@link BookmarkConflictException}), never
 * merged or lost silently.
 */
@Service
public class BookmarkService {
    /** How messages about a bookmark's values begin. */
    private static final String OWNER = "a bookmark's";

    private final BookmarkRepository bookmarks;
    private final StoredScenarioRepository scenarios;
    private final StoreLimits limits;

    BookmarkService(BookmarkRepository bookmarks, StoredScenarioRepository scenarios, StoreLimits limits) {
        this.bookmarks = bookmarks;
        this.scenarios = scenarios;
        this.limits = limits;
    }

    /**
     * add() - a new bookmark.
     *
     * @param scenarioId a stored scenario
     * @param step the step it marks, not negative
     * @param focusQuery the focus without the step, "" for none
     * @param title a title, not blank
     * @param note a note, "" for none
     * @return the bookmark as stored, with its id and version 0
     * @throws IllegalArgumentException for an unknown scenario or a value out of its bounds, saying which
     * @throws StoreFullException when the server holds {@link StoreLimits#maxBookmarks()} already, or
     *     the scenario {@link StoreLimits#maxBookmarksPerScenario()}
     */
    public Bookmark add(ScenarioId scenarioId, int step, String focusQuery, String title, String note) {
        Moments.check(scenarios, scenarioId, step, focusQuery, OWNER);
        checkText(title, note);
        if (bookmarks.count() >= limits.maxBookmarks()) {
            throw new StoreFullException("bookmarks", limits.maxBookmarks(), "folioscope.store.max-bookmarks");
        }
        if (bookmarks.countByScenarioId(scenarioId.value()) >= limits.maxBookmarksPerScenario()) {
            throw StoreFullException.scenarioFull(limits.maxBookmarksPerScenario());
        }
        Instant now = Moments.now();
        return bookmarks.save(new Bookmark(null, scenarioId.value(), step, focusQuery, title, note, null, now, now));
    }

    /** A scenario's bookmarks in step order. */
    public List<Bookmark> of(ScenarioId scenarioId) {
        return bookmarks.findByScenarioIdOrderByStepAscIdAsc(scenarioId.value());
    }

    /**
     * update() - save a changed title and note over the version they were read at.
     *
     * @param changed a bookmark as read, changed with {@link Bookmark#withText}
     * @return the bookmark as stored now, its version one higher
     * @throws BookmarkConflictException when the bookmark was changed or deleted since it was read
     */
    public Bookmark update(Bookmark changed) {
        checkText(changed.title(), changed.note());
        try {
            return bookmarks.save(changed.updatedAt(Moments.now()));
        } catch (OptimisticLockingFailureException e) {
            throw new BookmarkConflictException(changed.title(), e);
        }
    }

    /**
     * delete() - remove a bookmark, if it is still the version that was read.
     *
     * @param asRead the bookmark as read (its id and version count)
     * @throws BookmarkConflictException when the bookmark was changed or deleted since it was read
     */
    public void delete(Bookmark asRead) {
        try {
            bookmarks.delete(asRead);
        } catch (OptimisticLockingFailureException e) {
            throw new BookmarkConflictException(asRead.title(), e);
        }
    }

    private static void checkText(String title, String note) {
        if (title.isBlank()) {
            throw new IllegalArgumentException("a bookmark needs a title");
        }
        Moments.checkLength(OWNER, "title", title, Bookmark.TITLE_MAX_LENGTH);
        Moments.checkLength(OWNER, "note", note, Bookmark.NOTE_MAX_LENGTH);
    }

}
