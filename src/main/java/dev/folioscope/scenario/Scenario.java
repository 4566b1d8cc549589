package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import java.util.List;

/**
 * A validated scenario file: a machine and the steps its workload runs.
 *
 * @param name the scenario's identifier, the file name without ".yaml"; used in URLs
 * @param seed the seed of every pseudo-random choice the workload makes
 * @param source the YAML text exactly as read; a recording stores it to be re-run
 * @param version the file's format version, 1 or 2
 * @param window the address of page 0 of every process's region {@code window} (format 2)
 */
public record Scenario(String name, String title, String description, long seed, MachineConfig machine,
        List<Step> steps, String source, int version, long window) {
    public Scenario {
        steps = List.copyOf(steps);
    }

    /** A scenario of format version 1. */
    public Scenario(String name, String title, String description, long seed, MachineConfig machine,
            List<Step> steps, String source) {
        this(name, title, description, seed, machine, steps, source, 1, ScenarioParser.DEFAULT_WINDOW);
    }
}
