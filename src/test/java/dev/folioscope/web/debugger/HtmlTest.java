package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The /proc panels: markup around the lines must not change the text a user copies. */
class HtmlTest {
    @Test
    void escapes() {
        assertThat(Html.esc("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    @Test
    void marksChangedLinesOnly() {
        String html = Html.diffLines("a\nB\nc\n", "a\nb\nc\n");
        assertThat(html).isEqualTo("<span class=\"fs-line\">a</span>\n<span class=\"fs-line fs-changed\">B</span>\n"
                + "<span class=\"fs-line\">c</span>\n");
        assertThat(html.replaceAll("<[^>]+>", "")).isEqualTo("a\nB\nc\n");
    }

    @Test
    void nothingMarkedWithoutBefore() {
        assertThat(Html.diffLines("x\ny", null)).doesNotContain("fs-changed");
    }
}
