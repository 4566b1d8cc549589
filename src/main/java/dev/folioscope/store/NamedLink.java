package dev.folioscope.store;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of {@code named_link}: a user-chosen name for a moment of a stored scenario, the
 * {@code <name>} of {@code /l/<name>}. Inserted once, never changed.
 *
 * @param name 1 to {@link NamedLinkService#NAME_MAX_LENGTH} characters of {@code [a-z0-9][a-z0-9._-]*}
 * @param scenarioId the stored scenario's id
 * @param step the step it names
 * @param focusQuery the focus as the debugger's query string writes it, without the step; "" for none
 * @param createdAt when it was made
 */
@Table
public record NamedLink(@Id String name, String scenarioId, int step, String focusQuery, Instant createdAt) {

    /** Whether this link names the given moment. */
    public boolean names(ScenarioId scenario, int atStep, String focus) {
        return scenarioId.equals(scenario.value()) && step == atStep && focusQuery.equals(focus);
    }
}
