package dev.folioscope.web.base;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text the UI repeats back to the user although it came from outside (a path segment, a query
 * parameter): made readable and short, so that a hostile or mistyped link cannot flood a
 * message. The result is plain text; components show it as text, never as HTML.
 */
public final class Echo {
    /** At most this many characters of an echoed value are shown, the last one an ellipsis. */
    public static final int MAX_LENGTH = 60;

    private Echo() {
    }

    /**
     * value() - a value as a message may quote it: control and format characters replaced by
     * U+FFFD, cut to {@link #MAX_LENGTH} characters (code points) with an ellipsis.
     *
     * @param raw the value as received, may be null
     * @return the value to show; "" for null.
     */
    public static String value(String raw) {
        if (raw == null) {
            return "";
        }
        return shortened(raw.replaceAll("[\\p{Cc}\\p{Cf}]", "\uFFFD"), MAX_LENGTH);
    }

    /**
     * shortened() - a text cut to fit a place: at most {@code max} characters (code points), the
     * last one an ellipsis when it was cut.
     *
     * @param s the text
     * @param max the room, 1 or more
     * @return s, or its start and an ellipsis.
     */
    public static String shortened(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "\u2026";
    }

    /**
     * pathSegment() - a URL path segment as a message may quote it: percent-decoded (UTF-8;
     * malformed bytes become U+FFFD, a '%' not followed by two hex digits stays), then as
     * {@link #value}.
     *
     * @param raw the segment as it appears in the URL, e.g. {@code %3Cscript%3E}
     * @return the decoded, shortened text, e.g. {@code <script>}.
     */
    public static String pathSegment(String raw) {
        return raw == null ? "" : value(percentDecode(raw));
    }

    static String percentDecode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The value of an ASCII hex digit, or -1 for any other character (Unicode digits too). */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char l = Character.toLowerCase(c);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }
}
