package dev.folioscope.store;

/** A row refused because the server holds as many as its {@link StoreLimits} allow; the message is for the user. */
public final class StoreFullException extends IllegalStateException {
    StoreFullException(String what, int limit, String setting) {
        super("This server already stores " + limit + " " + what + ", its limit: nothing new can be saved until"
                + " its operator raises " + setting + " or removes some.");
    }
}
