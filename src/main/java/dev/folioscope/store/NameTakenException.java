package dev.folioscope.store;

/**
 * A named link refused because its name already names another moment; the message is for the
 * user and suggests {@link #freeVariant()}.
 */
public final class NameTakenException extends IllegalStateException {
    private final String freeVariant;

    NameTakenException(String name, String freeVariant) {
        super("The name \u201c" + name + "\u201d is taken by another moment; choose another, for example \u201c"
                + freeVariant + "\u201d.");
        this.freeVariant = freeVariant;
    }

    /** A name not taken when the exception was made. */
    public String freeVariant() {
        return freeVariant;
    }
}
