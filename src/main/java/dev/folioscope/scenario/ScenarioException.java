package dev.folioscope.scenario;

/**
 * A scenario file that cannot be run, with the place and the reason meant for the person who
 * wrote it.
 *
 * <p>The message reads {@code FILE:LINE:COLUMN: what is wrong; expected what}, with 1-based
 * line and column (columns count Unicode characters, a tab counts as one). Problems with the
 * file as a whole (its size, its name) carry no position and read {@code FILE: what is wrong}.
 *
 * <p>The message never quotes more than a few words of the file, which may be any file at all:
 * values are cut to 40 characters without control characters, and no cause carries SnakeYAML's
 * excerpt of the file.
 */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param line 1-based line, or 0 when the problem concerns the whole file
     * @param column 1-based column, or 0 when the problem concerns the whole file
     * @param reason what is wrong and, after "; expected", what was expected
     */
    public ScenarioException(String file, int line, int column, String reason) {
        this(file, line, column, reason, null);
    }

    public ScenarioException(String file, int line, int column, String reason, Throwable cause) {
        super(located(file, line, column, reason), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    private static String located(String file, int line, int column, String reason) {
        return line > 0 ? file + ":" + line + ":" + column + ": " + reason : file + ": " + reason;
    }

    /**
     * messageIn() - this problem as it reads in a file of another name: for a text validated under
     * a name of the validator's choosing (a stored scenario's) but known to the user by another
     * (the file they uploaded).
     *
     * @param shownFile the name the user knows the text by
     * @return "shownFile:line:column: reason", or "shownFile: reason" without a position
     */
    public String messageIn(String shownFile) {
        return located(shownFile, line, column, reason);
    }

    /** A problem with the file as a whole, which has no line or column. */
    public static ScenarioException ofFile(String file, String reason, Throwable cause) {
        return new ScenarioException(file, 0, 0, reason, cause);
    }

    /** The file name as the caller gave it. */
    public String file() {
        return file;
    }

    /** 1-based line, 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    /** 1-based column, 0 when the problem concerns the whole file. */
    public int column() {
        return column;
    }

    /** The message without the position prefix. */
    public String reason() {
        return reason;
    }
}
