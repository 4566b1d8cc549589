package dev.folioscope.recording;

/**
 * A scenario that must produce more events than a recording may hold, refused before anything is
 * recorded. The message names the scenario, its lower bound, the budget and the settings to lower.
 */
public final class EventBudgetException extends RuntimeException {
    public EventBudgetException(String message) {
        super(message);
    }
}
