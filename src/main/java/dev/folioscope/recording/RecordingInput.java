package dev.folioscope.recording;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.Workload;

/**
 * What a recording is made from: the scenario's identity and text (stored in the recording file
 * so it can be re-run), the machine, and a fresh workload that has not run yet.
 */
public record RecordingInput(String name, String title, String text, MachineConfig machine, Workload workload) {
}
