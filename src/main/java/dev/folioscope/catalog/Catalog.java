package dev.folioscope.catalog;

import dev.folioscope.recording.RecordingInput;
import dev.folioscope.scenario.Scenario;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.scenario.ScenarioParser;
import dev.folioscope.scenario.ScenarioWorkload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * The scenarios that ship with Folioscope (the top-level {@code scenarios/} folder, packaged on
 * the classpath), and the one place where a parsed scenario becomes something to record. The web
 * UI and the command line both go through here.
 */
public final class Catalog {
    private static final String FOLDER = "scenarios";

    private Catalog() {
    }

    /** Every shipped scenario, parsed, in file-name order. */
    public static List<Scenario> shipped() {
        return shippedNames().stream().map(Catalog::shipped).toList();
    }

    /**
     * A shipped scenario by name.
     *
     * @throws IllegalArgumentException if there is none of that name
     */
    public static Scenario shipped(String name) {
        String resource = FOLDER + "/" + name + ".yaml";
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("no shipped scenario named '" + name + "'; shipped: "
                        + String.join(", ", shippedNames()));
            }
            return ScenarioParser.parse(name + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input that records a scenario: its machine and a fresh workload. */
    public static RecordingInput input(Scenario s) {
        return new RecordingInput(s.name(), s.title(), s.source(), s.machine(), new ScenarioWorkload(s));
    }

    /**
     * Re-parses a scenario stored in a recording.
     *
     * @throws IllegalArgumentException when the text is no longer a valid scenario
     */
    public static RecordingInput inputFromText(String name, String text) {
        try {
            return input(ScenarioParser.parse(name + ".yaml", text));
        } catch (ScenarioException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The names of the shipped scenarios (file names without .yaml), sorted. */
    public static List<String> shippedNames() {
        URL url = Catalog.class.getClassLoader().getResource(FOLDER);
        if (url == null) {
            return List.of();
        }
        try {
            if (url.openConnection() instanceof JarURLConnection jar) {
                // Packaged: list the jar's entries under the folder (works for Spring Boot's nested jars too).
                String prefix = jar.getEntryName() + "/";
                try (Stream<String> entries = jar.getJarFile().stream().map(JarEntry::getName)) {
                    return yamlNames(entries.filter(n -> n.startsWith(prefix)).map(n -> n.substring(prefix.length()))
                            .filter(n -> !n.contains("/")));
                }
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                return yamlNames(files.map(f -> f.getFileName().toString()));
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the shipped scenarios at " + url, e);
        }
    }

    private static List<String> yamlNames(Stream<String> fileNames) {
        return fileNames.filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - ".yaml".length()))
                .sorted().toList();
    }
}
