package dev.folioscope.scenario;

import dev.folioscope.kernel.boot.MachineConfig;
import java.util.List;

/**
 * A validated scenario file (format v1): a machine and the steps its workload runs.
 *
 * @param name the scenario's identifier, the file name without ".yaml"; used in URLs
 * @param seed the seed of every pseudo-random choice the workload makes
 * @param source the YAML text exactly as read; a recording stores it to be re-run
 */
public record Scenario(String name, String title, String description, long seed, MachineConfig machine,
        List<Step> steps, String source) {
    public Scenario {
        steps = List.copyOf(steps);
    }
}
