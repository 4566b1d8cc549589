package dev.folioscope.kernel;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import java.util.List;

/** Machines the kernel tests boot. */
public final class TestMachines {
    private TestMachines() {
    }

    /** A machine of {@code bytes} laid out by size, one CPU, default sysctls, THP off. */
    public static Kernel boot(long bytes) {
        return boot(bytes, 1, Sysctl.defaults());
    }

    /** A machine of {@code bytes} laid out by size with these CPUs and sysctls, THP off. */
    public static Kernel boot(long bytes, int cpus, Sysctl sysctl) {
        return Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(bytes), cpus, sysctl, ThpMode.NEVER));
    }

    /** The default sysctls with vm.percpu_pagelist_high_fraction set, which fixes every pageset's high. */
    public static Sysctl highFraction(int fraction) {
        Sysctl d = Sysctl.defaults();
        return new Sysctl(d.minFreeKbytes(), d.watermarkScaleFactor(), d.watermarkBoostFactor(),
                List.copyOf(d.lowmemReserveRatio()), fraction);
    }
}
