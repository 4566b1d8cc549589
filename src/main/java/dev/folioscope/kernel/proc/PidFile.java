package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mm;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The per-process files the model produces, under /proc/PID, in a 6.18 kernel's layout. */
public enum PidFile {
    MAPS("maps", Maps::render),
    STATUS("status", (k, mm) -> Status.render(mm)),
    PAGEMAP("pagemap", Pagemap::listing),
    SMAPS("smaps", Smaps::render),
    SMAPS_ROLLUP("smaps_rollup", Smaps::renderRollup),
    OOM_SCORE("oom_score", OomScore::score),
    OOM_SCORE_ADJ("oom_score_adj", OomScore::adj);

    private final String fileName;
    private final BiFunction<Kernel, Mm, String> renderer;

    PidFile(String fileName, BiFunction<Kernel, Mm, String> renderer) {
        this.fileName = fileName;
        this.renderer = renderer;
    }

    public String fileName() {
        return fileName;
    }

    public String render(Kernel k, Mm mm) {
        return renderer.apply(k, mm);
    }

    public static Optional<PidFile> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.fileName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(PidFile::fileName).toList();
    }
}
