package dev.folioscope.store;

/**
 * The normal form of a scenario's text, the form that is stored and hashed into its id, so that
 * the same scenario saved by another editor or on another operating system gets the same link.
 *
 * <p>Normalising: a leading byte-order mark is dropped; CR LF and lone CR become LF; spaces and
 * tabs at the end of each line are stripped; blank lines at the end are dropped; the text ends in
 * exactly one LF (an empty text stays empty). Nothing else changes: indentation, which YAML reads,
 * is kept. (Trailing blanks inside a YAML literal block scalar are content to YAML, so they too are
 * dropped from what is stored: the stored text is what is recorded, whatever the original said.)
 */
public final class ScenarioText {
    private ScenarioText() {
    }

    /**
     * normalise() - the normal form of a scenario text.
     *
     * @param text the text as written or uploaded
     * @return the text as stored; normalise(normalise(t)) equals normalise(t).
     */
    public static String normalise(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        s = s.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(s.length() + 1);
        for (String line : s.split("\n", -1)) {
            int keep = line.length();
            while (keep > 0 && (line.charAt(keep - 1) == ' ' || line.charAt(keep - 1) == '\t')) {
                keep--;
            }
            out.append(line, 0, keep).append('\n');
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        out.setLength(end);
        return end == 0 ? "" : out.append('\n').toString();
    }
}
