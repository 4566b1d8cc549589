package dev.folioscope.store;

/** A bookmark change refused because the bookmark changed since it was read; the message is for the user. */
public final class BookmarkConflictException extends IllegalStateException {
    BookmarkConflictException(String title, Throwable cause) {
        super("The bookmark \u201c" + title + "\u201d was changed or deleted by someone else since you opened it;"
                + " your change was not saved. Reload it and make your change again.", cause);
    }
}
