package dev.folioscope.web.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void pathSegmentIsPercentDecoded() {
        assertThat(Echo.pathSegment("%3Cscript%3Ealert(1)%3C/script%3E")).isEqualTo("<script>alert(1)</script>");
        assertThat(Echo.pathSegment("caf%C3%A9")).isEqualTo("caf\u00e9");
        assertThat(Echo.pathSegment("a+b")).isEqualTo("a+b");
    }

    @Test
    void malformedEscapesStayOrBecomeReplacementCharacters() {
        assertThat(Echo.pathSegment("100%")).isEqualTo("100%");
        assertThat(Echo.pathSegment("%zz%4")).isEqualTo("%zz%4");
        assertThat(Echo.pathSegment("%FF")).isEqualTo("\uFFFD");
        assertThat(Echo.pathSegment("%\uFF10\uFF10")).isEqualTo("%\uFF10\uFF10");
    }

    @Test
    void controlAndFormatCharactersAreReplaced() {
        assertThat(Echo.pathSegment("a%0Ab%E2%80%AEc")).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(Echo.value("x\ty")).isEqualTo("x\uFFFDy");
    }

    @Test
    void longValuesAreCutWithAnEllipsis() {
        String shown = Echo.pathSegment("%41".repeat(2000));
        assertThat(shown).hasSize(Echo.MAX_LENGTH).endsWith("\u2026").startsWith("AAAA");
        assertThat(Echo.value("b".repeat(Echo.MAX_LENGTH))).isEqualTo("b".repeat(Echo.MAX_LENGTH));
        String emoji = "\uD83D\uDE00".repeat(100);
        assertThat(Echo.value(emoji)).isEqualTo("\uD83D\uDE00".repeat(Echo.MAX_LENGTH - 1) + "\u2026");
    }

    @Test
    void nullIsEmpty() {
        assertThat(Echo.value(null)).isEmpty();
        assertThat(Echo.pathSegment(null)).isEmpty();
    }
}
