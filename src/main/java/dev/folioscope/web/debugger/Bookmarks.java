package dev.folioscope.web.debugger;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.store.Bookmark;
import dev.folioscope.store.BookmarkConflictException;
import dev.folioscope.store.ScenarioId;
import dev.folioscope.store.ScenarioStore;
import dev.folioscope.store.StoreFullException;
import dev.folioscope.web.base.Notifications;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bookmarks of the scenario on screen, as the {@link BookmarkPanel} lists them and the
 * {@link TimelinePanel} marks them: read once, read again after every change made here (and after
 * a refused one, to show what someone else saved), each change told to the listeners.
 *
 * <p>Bookmarks belong to the stored scenario ({@link ScenarioStore#idOf} of the text on screen), so
 * {@code /debug/<name>} and {@code /s/<id>} of the same text show the same ones. The first bookmark
 * stores the scenario, as Share does. While {@link #watch watched}, a change made on another page
 * open on the same scenario is read at once ({@link BookmarkChanges}).
 */
final class Bookmarks {
    private final Stores stores;
    private final Cursor cursor;
    private final ScenarioId scenarioId;
    private final List<Runnable> listeners = new ArrayList<>();
    private List<Bookmark> list;
    /** What {@link BookmarkChanges} calls when another page changed them; null while not watched. */
    private Runnable watcher;

    Bookmarks(Stores stores, Cursor cursor) {
        this.stores = stores;
        this.cursor = cursor;
        this.scenarioId = ScenarioStore.idOf(cursor.scenario().source());
        this.list = stores.bookmarks().of(scenarioId);
    }

    /** In step order, as last read. */
    List<Bookmark> list() {
        return list;
    }

    /**
     * addListener() - be told after every change of {@link #list()}.
     *
     * @return the handle that removes the listener.
     */
    Registration addListener(Runnable listener) {
        return Registration.addAndRemove(listeners, listener);
    }

    /**
     * watch() - while the page of {@code ui} is open, read the bookmarks again whenever another page
     * changes them, telling the listeners.
     *
     * @return the handle that stops it
     */
    Registration watch(UI ui) {
        Runnable w = () -> ui.access(this::reload);
        watcher = w;
        Registration listening = stores.bookmarkChanges().listen(scenarioId, w);
        return () -> {
            listening.remove();
            watcher = null;
        };
    }

    /**
     * add() - a new bookmark at a moment, storing the scenario first if it is not stored yet.
     *
     * @throws IllegalArgumentException for a blank or too long title or note, saying which
     * @throws StoreFullException when the server keeps no more scenarios or bookmarks
     * @throws ScenarioException when the scenario cannot be stored
     */
    void add(int step, String focusQuery, String title, String note) {
        stores.scenarios().store(cursor.scenario().source());
        stores.bookmarks().add(scenarioId, step, focusQuery, title, note);
        reload();
        stores.bookmarkChanges().changed(scenarioId, watcher);
    }

    /**
     * update() - save a changed title and note.
     *
     * @throws BookmarkConflictException when someone else changed or deleted it since it was read;
     *     {@link #list()} is read again first, to show their version
     */
    void update(Bookmark changed) {
        try {
            stores.bookmarks().update(changed);
        } finally {
            reload();
        }
        stores.bookmarkChanges().changed(scenarioId, watcher);
    }

    /**
     * delete() - remove a bookmark as it was read.
     *
     * @throws BookmarkConflictException as {@link #update}
     */
    void delete(Bookmark asRead) {
        try {
            stores.bookmarks().delete(asRead);
        } finally {
            reload();
        }
        stores.bookmarkChanges().changed(scenarioId, watcher);
    }

    /** Moves the cursor to a bookmark's step and focus, as a link to them would open. */
    void jump(Bookmark b) {
        Map<String, String> params = CursorParams.params(b.focusQuery());
        params.put(CursorParams.STEP, Integer.toString(b.step()));
        CursorParams.Parsed parsed = CursorParams.parse(params, cursor.lastStep(), cursor.timeline().seek(0).kernel());
        for (String problem : parsed.problems()) {
            Notifications.problem("The bookmark \u201c" + b.title() + "\u201d: " + problem);
        }
        cursor.focus(parsed.focus());
        cursor.moveTo(parsed.step());
    }

    private void reload() {
        list = stores.bookmarks().of(scenarioId);
        List.copyOf(listeners).forEach(Runnable::run);
    }
}
