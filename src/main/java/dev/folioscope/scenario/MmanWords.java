package dev.folioscope.scenario;

import dev.folioscope.kernel.mmap.Mman;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words a scenario writes for the flags of the memory system calls, each naming a constant of
 * the kernel's {@link dev.folioscope.kernel.mmap.Mman}: {@code prot},
 * {@code flags} of mmap and mremap, and madvise's {@code advice}. A word is the constant's name in
 * lower case without its prefix ({@code anonymous} for MAP_ANONYMOUS); the constant's own name is
 * accepted too.
 */
final class MmanWords {
    static final int PROT_NONE = Mman.PROT_NONE;
    static final int PROT_READ = Mman.PROT_READ;
    static final int PROT_WRITE = Mman.PROT_WRITE;
    static final int PROT_EXEC = Mman.PROT_EXEC;

    static final int MAP_PRIVATE = Mman.MAP_PRIVATE;
    static final int MAP_FIXED = Mman.MAP_FIXED;
    static final int MAP_ANONYMOUS = Mman.MAP_ANONYMOUS;
    static final int MAP_FIXED_NOREPLACE = Mman.MAP_FIXED_NOREPLACE;

    static final int MREMAP_FIXED = Mman.MREMAP_FIXED;

    /** mmap's flags, in the order a step's description lists them: the mapping's type first, as C code writes them. */
    static final Words MAP = new Words("MAP_", new Object[][] {
        {"shared", Mman.MAP_SHARED}, {"private", Mman.MAP_PRIVATE}, {"shared_validate", Mman.MAP_SHARED_VALIDATE},
        {"anonymous", Mman.MAP_ANONYMOUS}, {"fixed", Mman.MAP_FIXED},
        {"fixed_noreplace", Mman.MAP_FIXED_NOREPLACE}, {"noreserve", Mman.MAP_NORESERVE},
        {"populate", Mman.MAP_POPULATE}, {"locked", Mman.MAP_LOCKED},
        {"nonblock", Mman.MAP_NONBLOCK}, {"growsdown", Mman.MAP_GROWSDOWN}, {"stack", Mman.MAP_STACK},
        {"hugetlb", Mman.MAP_HUGETLB}, {"sync", Mman.MAP_SYNC},
        {"droppable", Mman.MAP_DROPPABLE}, {"32bit", Mman.MAP_32BIT}, {"denywrite", Mman.MAP_DENYWRITE}});

    static final Words MREMAP = new Words("MREMAP_", new Object[][] {
        {"maymove", Mman.MREMAP_MAYMOVE}, {"fixed", Mman.MREMAP_FIXED}, {"dontunmap", Mman.MREMAP_DONTUNMAP}});

    /** madvise's advice: one value, not a mask. */
    static final Words MADV = new Words("MADV_", new Object[][] {
        {"normal", Mman.MADV_NORMAL}, {"random", Mman.MADV_RANDOM}, {"sequential", Mman.MADV_SEQUENTIAL},
        {"willneed", Mman.MADV_WILLNEED}, {"dontneed", Mman.MADV_DONTNEED}, {"free", Mman.MADV_FREE},
        {"remove", Mman.MADV_REMOVE}, {"dontfork", Mman.MADV_DONTFORK}, {"dofork", Mman.MADV_DOFORK},
        {"mergeable", Mman.MADV_MERGEABLE}, {"unmergeable", Mman.MADV_UNMERGEABLE},
        {"hugepage", Mman.MADV_HUGEPAGE}, {"nohugepage", Mman.MADV_NOHUGEPAGE}, {"dontdump", Mman.MADV_DONTDUMP},
        {"dodump", Mman.MADV_DODUMP}, {"wipeonfork", Mman.MADV_WIPEONFORK},
        {"keeponfork", Mman.MADV_KEEPONFORK}, {"cold", Mman.MADV_COLD}, {"pageout", Mman.MADV_PAGEOUT},
        {"populate_read", Mman.MADV_POPULATE_READ}, {"populate_write", Mman.MADV_POPULATE_WRITE},
        {"dontneed_locked", Mman.MADV_DONTNEED_LOCKED}, {"collapse", Mman.MADV_COLLAPSE}});

    static final Words PROT = new Words("PROT_", new Object[][] {
        {"read", PROT_READ}, {"write", PROT_WRITE}, {"exec", PROT_EXEC}});

    private MmanWords() {
    }

    /**
     * A protection as a scenario writes it: {@code none}, or the letters of {@code rwx} it
     * grants, in that order ({@code r}, {@code rw}, {@code rx}, {@code rwx}...), or PROT_ names
     * joined by {@code |}.
     *
     * @return the PROT_ mask, or -1 if {@code text} is none of those
     */
    static int prot(String text) {
        String t = text.strip();
        if (t.equals("none") || t.equals("PROT_NONE")) {
            return PROT_NONE;
        }
        if (t.matches("r?w?x?") && !t.isEmpty()) {
            return (t.contains("r") ? PROT_READ : 0) | (t.contains("w") ? PROT_WRITE : 0)
                    | (t.contains("x") ? PROT_EXEC : 0);
        }
        if (t.startsWith("PROT_")) {
            return PROT.mask(t);
        }
        return -1;
    }

    /** A protection as {@link #prot} reads it back: {@code none}, {@code r}, {@code rw}, {@code rwx}... */
    static String protText(int prot) {
        if (prot == PROT_NONE) {
            return "none";
        }
        return ((prot & PROT_READ) != 0 ? "r" : "") + ((prot & PROT_WRITE) != 0 ? "w" : "")
                + ((prot & PROT_EXEC) != 0 ? "x" : "");
    }

    /** A table of words and their values. */
    static final class Words {
        private final String prefix;
        private final Map<String, Integer> values = new LinkedHashMap<>();

        private Words(String prefix, Object[][] words) {
            this.prefix = prefix;
            for (Object[] w : words) {
                values.put((String) w[0], (Integer) w[1]);
            }
        }

        /** The words, lower case, in the table's order. */
        List<String> words() {
            return List.copyOf(values.keySet());
        }

        /** A word's value, or {@code null}: {@code dontneed} and {@code MADV_DONTNEED} alike. */
        Integer value(String word) {
            if (word.startsWith(prefix) && word.equals(word.toUpperCase(Locale.ROOT))) {
                return values.get(word.substring(prefix.length()).toLowerCase(Locale.ROOT));
            }
            return values.get(word);
        }

        /**
         * Words joined by spaces or {@code |}, their values or'ed together: {@code private anonymous}
         * or {@code MAP_PRIVATE | MAP_ANONYMOUS}; {@code none} or an empty text is 0.
         *
         * @return the mask, or -1 if a word is not in the table (see {@link #unknownWord})
         */
        int mask(String text) {
            return unknownWord(text) == null ? maskOf(text) : -1;
        }

        /** The first word of {@code text} that is not in the table, or {@code null}. */
        String unknownWord(String text) {
            for (String word : split(text)) {
                if (value(word) == null) {
                    return word;
                }
            }
            return null;
        }

        private int maskOf(String text) {
            int mask = 0;
            for (String word : split(text)) {
                mask |= value(word);
            }
            return mask;
        }

        private static List<String> split(String text) {
            List<String> words = new ArrayList<>();
            for (String word : text.strip().split("[\\s|]+")) {
                if (!word.isEmpty() && !word.equals("none")) {
                    words.add(word);
                }
            }
            return words;
        }

        /**
         * A mask as words of the table: first those of several bits it holds whole (MAP_SHARED_VALIDATE
         * reads as itself, not as shared and private), then the single bits, in the table's order.
         */
        String text(int mask) {
            List<String> words = new ArrayList<>();
            int left = mask;
            for (boolean several : new boolean[] {true, false}) {
                for (var e : values.entrySet()) {
                    int v = e.getValue();
                    if (v != 0 && (Integer.bitCount(v) > 1) == several && (left & v) == v) {
                        words.add(e.getKey());
                        left &= ~v;
                    }
                }
            }
            return words.isEmpty() ? "none" : String.join(" ", words);
        }

        /** The name of one value (madvise's advice), or the number. */
        String name(int value) {
            return values.entrySet().stream().filter(e -> e.getValue() == value).map(Map.Entry::getKey)
                    .findFirst().orElse(Integer.toString(value));
        }
    }
}
