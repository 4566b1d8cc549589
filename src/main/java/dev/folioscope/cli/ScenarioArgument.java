package dev.folioscope.cli;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The SCENARIO argument of {@code run} and {@code record}, and a scenario side of {@code compare}: a
 * YAML file, or a shipped scenario's name.
 */
final class ScenarioArgument {
    private ScenarioArgument() {
    }

    /**
     * The scenario a SCENARIO argument names: the file, when something exists at that path or the
     * argument looks like a path (contains '/' or ends in .yaml or .yml), else the shipped scenario
     * of that name.
     *
     * @throws ScenarioException for a file that is missing, not a regular file or not a valid scenario
     * @throws UsageException for a name that is neither a file nor a shipped scenario
     */
    static Scenario resolve(String arg) {
        Path path;
        try {
            path = Path.of(arg);
        } catch (InvalidPathException e) {
            throw new UsageException(arg + ": not a valid file name (" + e.getReason() + ")");
        }
        if (Files.exists(path) || arg.contains("/") || arg.endsWith(".yaml") || arg.endsWith(".yml")) {
            return ScenarioParser.read(path);
        }
        List<String> shipped = Catalog.shippedNames();
        if (!shipped.contains(arg)) {
            throw new UsageException(arg + ": no such file, nor a shipped scenario of that name; shipped: "
                    + String.join(", ", shipped));
        }
        return Catalog.shipped(arg);
    }
}
