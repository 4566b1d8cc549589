package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The kernel-format text files the model can produce, byte for byte in the layout of a 6.18
 * kernel, so that they can be diffed against a real machine. Adding a file is one renderer class
 * and one line here.
 */
public enum ProcFile {
    BUDDYINFO("buddyinfo", Buddyinfo::render),
    MEMINFO("meminfo", Meminfo::render),
    PAGETYPEINFO("pagetypeinfo", Pagetypeinfo::render),
    SWAPS("swaps", Swaps::render),
    VMSTAT("vmstat", ProcVmstat::render),
    ZONEINFO("zoneinfo", Zoneinfo::render);

    private final String fileName;
    private final Function<Kernel, String> renderer;

    ProcFile(String fileName, Function<Kernel, String> renderer) {
        this.fileName = fileName;
        this.renderer = renderer;
    }

    /** The name under /proc. */
    public String fileName() {
        return fileName;
    }

    public String render(Kernel kernel) {
        return renderer.apply(kernel);
    }

    /** Looks a file up by its name under /proc. */
    public static Optional<ProcFile> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.fileName.equals(name)).findFirst();
    }

    /** The names under /proc, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(ProcFile::fileName).toList();
    }
}
