package dev.folioscope.store;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Service;

/**
 * Named links: a user-chosen name for a moment (stored scenario, step, focus), the target of
 * {@code /l/<name>}. A name is insert-only: first come, first served; giving the same name to the
 * same moment again is a no-op, to another moment is refused with a free variant suggested
 * ({@link NameTakenException}). Names are safe in URLs and file names by their form alone.
 */
@Service
public class NamedLinkService {
    public static final int NAME_MAX_LENGTH = 100;
    /**
     * A name as typed, in either case: ASCII only, for lower-casing then changes nothing else (it
     * would turn the Kelvin sign into a k, and a name would not be what its owner typed).
     */
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9._-]*", Pattern.CASE_INSENSITIVE);

    private final NamedLinkRepository links;
    private final StoredScenarioRepository scenarios;
    private final JdbcAggregateOperations jdbc;
    private final StoreLimits limits;

    NamedLinkService(NamedLinkRepository links, StoredScenarioRepository scenarios, JdbcAggregateOperations jdbc,
            StoreLimits limits) {
        this.links = links;
        this.scenarios = scenarios;
        this.jdbc = jdbc;
        this.limits = limits;
    }

    /**
     * name() - a name as typed, in its stored form: trimmed and lower-cased, then checked.
     *
     * @param raw the name as typed or as the link carries it
     * @return the name
     * @throws IllegalArgumentException when it is not a valid name, saying what a name may hold
     */
    public static String name(String raw) {
        String typed = raw.strip();
        if (typed.isEmpty() || typed.length() > NAME_MAX_LENGTH || !FORM.matcher(typed).matches()) {
            throw new IllegalArgumentException("A link name is 1 to " + NAME_MAX_LENGTH + " characters: letters"
                    + " a\u2013z, digits, and after the first character also . _ and - (so it is safe in addresses and"
                    + " file names)" + (typed.length() > NAME_MAX_LENGTH ? "; this one has " + typed.length() : "") + ".");
        }
        return typed.toLowerCase(Locale.ROOT);
    }

    /**
     * create() - name a moment.
     *
     * <p>Context: any thread; at most one insert, committed on its own. Two servers racing for one
     * name: one insert wins, the other call finds its row and is treated as if it had come second.
     *
     * @param rawName the name as typed ({@link #name})
     * @param scenarioId a stored scenario
     * @param step the step, 0 or more
     * @param focusQuery the focus without the step, "" for none
     * @return the link as stored: the existing row when the name already names this moment
     * @throws IllegalArgumentException for an invalid name, an unknown scenario or a value out of bounds
     * @throws NameTakenException when the name names another moment
     * @throws StoreFullException when the server holds {@link StoreLimits#maxNamedLinks()} already
     */
    public NamedLink create(String rawName, ScenarioId scenarioId, int step, String focusQuery) {
        String name = name(rawName);
        Moments.check(scenarios, scenarioId, step, focusQuery, "a link's");
        Optional<NamedLink> existing = links.findById(name);
        if (existing.isPresent()) {
            return sameMoment(existing.get(), scenarioId, step, focusQuery);
        }
        if (links.count() >= limits.maxNamedLinks()) {
            throw new StoreFullException("named links", limits.maxNamedLinks(), "folioscope.store.max-named-links");
        }
        try {
            return jdbc.insert(new NamedLink(name, scenarioId.value(), step, focusQuery,
                    Moments.now()));
        } catch (DuplicateKeyException raced) {
            return sameMoment(links.findById(name).orElseThrow(() -> raced), scenarioId, step, focusQuery);
        }
    }

    /**
     * find() - the link a name names.
     *
     * @param rawName the name as the link carries it
     * @return the link, or empty when nothing is named so
     * @throws IllegalArgumentException when it is not a valid name ({@link #name})
     */
    public Optional<NamedLink> find(String rawName) {
        return links.findById(name(rawName));
    }

    /**
     * freeVariant() - a name like this one that names nothing yet: name-2, name-3..., the name
     * shortened to fit {@link #NAME_MAX_LENGTH}.
     *
     * @param name a valid name
     * @return a valid name, free when this was called.
     */
    public String freeVariant(String name) {
        for (int n = 2;; n++) {
            String suffix = "-" + n;
            String candidate = name.substring(0, Math.min(name.length(), NAME_MAX_LENGTH - suffix.length())) + suffix;
            if (!links.existsById(candidate)) {
                return candidate;
            }
        }
    }

    private NamedLink sameMoment(NamedLink found, ScenarioId scenarioId, int step, String focusQuery) {
        if (!found.names(scenarioId, step, focusQuery)) {
            throw new NameTakenException(found.name(), freeVariant(found.name()));
        }
        return found;
    }
}
