package dev.folioscope.web.editor;

import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.scenario.ScenarioParser;
import dev.folioscope.store.ScenarioStore;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the editor shows about its text: validated by {@link ScenarioParser#parse}, as the command
 * line and {@link ScenarioStore#store} validate it, under the store's file name. The parser stops
 * at the first problem, so there is at most one diagnostic.
 *
 * @param steps the number of steps of a valid text, -1 when it is not valid
 * @param problem the first problem, or {@code null} when the text is valid
 */
record Validation(int steps, Problem problem) {

    /**
     * The first problem, placed in the text.
     *
     * @param line 1-based line, 0 when the problem concerns the whole text (its size)
     * @param column 1-based column in Unicode characters, 0 with line 0
     * @param from offset in UTF-16 units (what CodeMirror counts) where the marker starts
     * @param to offset where the marker ends: the end of the word at {@code from}, at least one
     *     character when the line has one there
     * @param reason the parser's message without the file and position
     */
    record Problem(int line, int column, int from, int to, String reason) {
    }

    /**
     * of() - validate a text.
     *
     * @param text the editor's text, any size (over 1 MiB is refused by the parser)
     * @return the number of steps, or the parser's first problem placed in the text.
     */
    static Validation of(String text) {
        try {
            return new Validation(ScenarioParser.parse(ScenarioStore.FILE, text).steps().size(), null);
        } catch (ScenarioException e) {
            return failed(text, e);
        }
    }

    /**
     * failed() - the outcome of a validation of {@code text} that threw {@code e}.
     *
     * @param e thrown by {@link ScenarioParser#parse} on {@code text} (as by {@link ScenarioStore#store})
     * @return the problem placed in the text.
     */
    static Validation failed(String text, ScenarioException e) {
        return new Validation(-1, place(text, e));
    }

    boolean valid() {
        return problem == null;
    }

    /** The status line under the editor: "valid: 8 steps", or "line 7:3: reason". */
    String status() {
        if (valid()) {
            return "valid: " + steps + (steps == 1 ? " step" : " steps");
        }
        return problem.line > 0 ? "line " + problem.line + ":" + problem.column + ": " + problem.reason
                : problem.reason;
    }

    /** The diagnostics as CodeMirror's linter takes them: [{from, to, message}], empty when valid. */
    String diagnosticsJson() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (problem != null) {
            ObjectNode d = list.addObject();
            d.put("from", problem.from).put("to", problem.to).put("message", status());
        }
        return list.toString();
    }

    /** The problem at its line and column, as offsets of the text; a whole-text one marks the first line. */
    private static Problem place(String text, ScenarioException e) {
        int from = lineStart(text, Math.max(1, e.line()));
        int lineEnd = lineEnd(text, from);
        if (e.line() > 0) {
            from = columnOffset(text, from, lineEnd, e.column());
        }
        int to = e.line() > 0 ? wordEnd(text, from, lineEnd) : lineEnd;
        return new Problem(e.line(), e.column(), from, Math.max(to, Math.min(from + 1, lineEnd)), e.reason());
    }

    /** The offset of line {@code line} (1-based); the text's end when it has fewer lines. */
    private static int lineStart(String text, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int next = text.indexOf('\n', offset);
            if (next < 0) {
                return text.length();
            }
            offset = next + 1;
        }
        return offset;
    }

    private static int lineEnd(String text, int lineStart) {
        int end = text.indexOf('\n', lineStart);
        return end < 0 ? text.length() : end;
    }

    /** The offset of a 1-based column counted in code points, as the parser counts them; kept within the line. */
    private static int columnOffset(String text, int lineStart, int lineEnd, int column) {
        int offset = lineStart;
        for (int c = 1; c < column && offset < lineEnd; c++) {
            offset = text.offsetByCodePoints(offset, 1);
        }
        return Math.min(offset, lineEnd);
    }

    /** Where the word (anything up to a blank, a comma, a colon or a bracket) at {@code from} ends. */
    private static int wordEnd(String text, int from, int lineEnd) {
        int to = from;
        while (to < lineEnd && " \t,:{}[]".indexOf(text.charAt(to)) < 0) {
            to++;
        }
        return to;
    }
}
