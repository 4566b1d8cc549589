package dev.folioscope.web.base;

import com.vaadin.flow.router.NotFoundException;

/**
 * A link whose route exists but whose target does not (an unknown or malformed {@code /s/<id>}):
 * rerouted to {@link NotFoundView}, which shows the message (plain text, answered with HTTP 404).
 * The message is for the user; any part of it taken from the address must already be
 * {@link Echo}ed.
 */
public final class NoSuchLink extends NotFoundException {
    public NoSuchLink(String message) {
        super(message);
    }
}
