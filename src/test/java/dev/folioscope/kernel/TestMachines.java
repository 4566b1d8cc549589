package dev.folioscope.kernel;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;

/** Machines the kernel tests boot. */
public final class TestMachines {
    private TestMachines() {
    }

    /** A machine of {@code bytes} laid out by size, one CPU, default sysctls, THP off. */
    public static Kernel boot(long bytes) {
        return Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(bytes), 1, Sysctl.defaults(), ThpMode.NEVER));
    }
}
