package dev.folioscope.cli;

/**
 * Makes text that came from a file (a scenario title, a file name, a message quoting a file) safe
 * to print on a terminal: control characters, which could move the cursor, retitle the window or
 * hide the rest of the line (ANSI CSI and OSC sequences start with ESC or with C1 controls), are
 * shown as visible escapes instead, and the text stays on one line.
 */
final class TerminalText {
    private TerminalText() {
    }

    /**
     * The text with every C0 control (U+0000..U+001F, including tab and newline), DEL, C1 control
     * (U+0080..U+009F), line or paragraph separator and bidirectional override replaced by a
     * visible escape such as {@code \x1b} or {@code \u202e}.
     */
    static String clean(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
