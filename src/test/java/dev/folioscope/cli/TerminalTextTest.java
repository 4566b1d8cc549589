package dev.folioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void printableTextIsKeptAsItIs() {
        String s = "Buddy split — order 4, 100% «ok» 日本";
        assertSame(s, TerminalText.clean(s));
    }

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("\\x1b]0;pwned\\x07", TerminalText.clean("\u001b]0;pwned\u0007"));
        assertEquals("\\x1b[31mred\\x1b[0m", TerminalText.clean("\u001b[31mred\u001b[0m"));
        assertEquals("a\\x09b\\x0ac\\x0dd\\x00", TerminalText.clean("a\tb\nc\rd\u0000"));
        assertEquals("\\x7f\\x9b31m\\x9d", TerminalText.clean("\u007f\u009b31m\u009d"));
        assertEquals("x\\u202ey\\u2066z\\u2028", TerminalText.clean("x\u202ey\u2066z\u2028"));
    }
}
