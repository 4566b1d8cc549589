package dev.folioscope.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words a scenario writes for the flags of the memory system calls, and their values in
 * include/uapi/asm-generic/mman-common.h, mman.h and linux/mman.h (x86-64): {@code prot},
 * {@code flags} of mmap and mremap, and madvise's {@code advice}. A word is the constant's name in
 * lower case without its prefix ({@code anonymous} for MAP_ANONYMOUS); the constant's own name is
 * accepted too.
 */
final class Mman {
    static final int PROT_NONE = 0;
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int PROT_EXEC = 0x4;

    static final int MAP_PRIVATE = 0x02;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;

    static final int MREMAP_FIXED = 2;

    /** mmap's flags, in the order a step's description lists them: the mapping's type first, as C code writes them. */
    static final Words MAP = new Words("MAP_", new Object[][] {
        {"shared", 0x01}, {"private", 0x02}, {"shared_validate", 0x03}, {"anonymous", 0x20}, {"fixed", 0x10},
        {"fixed_noreplace", 0x100000}, {"noreserve", 0x4000}, {"populate", 0x8000}, {"locked", 0x2000},
        {"nonblock", 0x10000}, {"growsdown", 0x100}, {"stack", 0x20000}, {"hugetlb", 0x40000}, {"sync", 0x80000},
        {"droppable", 0x08}, {"32bit", 0x40}, {"denywrite", 0x800}});

    static final Words MREMAP = new Words("MREMAP_", new Object[][] {
        {"maymove", 1}, {"fixed", 2}, {"dontunmap", 4}});

    /** madvise's advice: one value, not a mask. */
    static final Words MADV = new Words("MADV_", new Object[][] {
        {"normal", 0}, {"random", 1}, {"sequential", 2}, {"willneed", 3}, {"dontneed", 4}, {"free", 8},
        {"remove", 9}, {"dontfork", 10}, {"dofork", 11}, {"mergeable", 12}, {"unmergeable", 13},
        {"hugepage", 14}, {"nohugepage", 15}, {"dontdump", 16}, {"dodump", 17}, {"wipeonfork", 18},
        {"keeponfork", 19}, {"cold", 20}, {"pageout", 21}, {"populate_read", 22}, {"populate_write", 23},
        {"dontneed_locked", 24}, {"collapse", 25}});

    static final Words PROT = new Words("PROT_", new Object[][] {
        {"read", PROT_READ}, {"write", PROT_WRITE}, {"exec", PROT_EXEC}});

    private Mman() {
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
