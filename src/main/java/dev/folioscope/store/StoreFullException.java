package dev.folioscope.store;

/** A row refused because the server holds as many as its {@link StoreLimits} allow; the message is for the user. */
public final class StoreFullException extends IllegalStateException {
    StoreFullException(String what, int limit, String setting) {
        this("This server already stores " + limit + " " + what + ", its limit: nothing new can be saved until"
                + " its operator raises " + setting + " or removes some.");
    }

    private StoreFullException(String message) {
        super(message);
    }

    /** A scenario that has as many bookmarks as one may ({@link StoreLimits#maxBookmarksPerScenario()}). */
    static StoreFullException scenarioFull(int limit) {
        return new StoreFullException("This scenario already has " + limit + " bookmarks, as many as one scenario may"
                + " have on this server: delete some first (or its operator may raise"
                + " folioscope.store.max-bookmarks-per-scenario).");
    }
}
