package dev.folioscope.kernel;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.PagingMode;
import dev.folioscope.kernel.boot.MachineConfig.Sysctl;
import dev.folioscope.kernel.boot.MachineConfig.ThpMode;
import dev.folioscope.kernel.boot.MachineConfig.ZoneConfig;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.Gfp;
import java.util.ArrayList;
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

    /** A machine of {@code bytes} laid out by size with this paging mode, one CPU, default sysctls, THP off. */
    public static Kernel boot(long bytes, PagingMode paging) {
        return Kernel.boot(new MachineConfig(MachineConfig.zonesForMemory(bytes), 1, Sysctl.defaults(), ThpMode.NEVER,
                paging));
    }

    /** A machine whose only zone is {@code type}, with these pfns, one CPU, default sysctls, THP off. */
    public static Kernel oneZone(ZoneType type, long start, long spanned, long present, long managed) {
        List<ZoneConfig> zones = new ArrayList<>();
        for (ZoneType t : ZoneType.values()) {
            zones.add(t == type ? new ZoneConfig(t, start, spanned, present, managed) : ZoneConfig.empty(t));
        }
        return Kernel.boot(new MachineConfig(zones, 1, Sysctl.defaults(), ThpMode.NEVER));
    }

    /** Allocates GFP_HIGHUSER_MOVABLE blocks of these orders, each of which must be served. */
    public static void allocMovable(Kernel k, int... orders) {
        for (int order : orders) {
            if (k.pageAlloc().allocPages(Gfp.GFP_HIGHUSER_MOVABLE, order) < 0) {
                throw new AssertionError("a movable order-" + order + " allocation failed");
            }
        }
    }

    /** The default sysctls with vm.percpu_pagelist_high_fraction set, which fixes every pageset's high. */
    public static Sysctl highFraction(int fraction) {
        Sysctl d = Sysctl.defaults();
        return new Sysctl(d.minFreeKbytes(), d.watermarkScaleFactor(), d.watermarkBoostFactor(),
                List.copyOf(d.lowmemReserveRatio()), fraction);
    }
}
