package dev.folioscope.web.debugger;

/**
 * HTML text for the panels that render many rows at once (event list, /proc files) as one
 * {@code innerHTML} instead of hundreds of components. Every piece of text goes through
 * {@link #esc}; the markup itself is fixed here and in the panels.
 */
final class Html {
    private Html() {
    }

    /** Escapes text for use in element content and in double-quoted attributes. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Lines of a text file as spans, marking the ones that differ from {@code before}; the
     * element's textContent is exactly {@code text}.
     *
     * @param text the file now
     * @param before the file one step earlier, or null (nothing marked)
     * @return the HTML, one {@code <span class="fs-line">} per line.
     */
    static String diffLines(String text, String before) {
        String[] now = text.split("\n", -1);
        String[] old = before == null ? null : before.split("\n", -1);
        java.util.Set<String> oldSet = old == null || old.length == now.length ? null : java.util.Set.of(dedupe(old));
        StringBuilder sb = new StringBuilder(text.length() * 2);
        for (int i = 0; i < now.length; i++) {
            boolean last = i == now.length - 1;
            if (last && now[i].isEmpty()) {
                break;
            }
            boolean changed = old != null
                    && (oldSet == null ? !now[i].equals(old[i]) : !oldSet.contains(now[i]));
            sb.append("<span class=\"fs-line").append(changed ? " fs-changed" : "").append("\">").append(esc(now[i]))
                    .append("</span>").append(last ? "" : "\n");
        }
        return sb.toString();
    }

    private static String[] dedupe(String[] lines) {
        return java.util.Arrays.stream(lines).distinct().toArray(String[]::new);
    }
}
