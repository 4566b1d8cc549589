package dev.folioscope.web.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which query strings are refused as malformed before a servlet reads them. */
class ErrorPagesTest {
    @Test
    void aQueryWhoseEscapesDoNotDecodeToUtf8IsMalformed() {
        for (String bad : new String[] {"step=%zz", "step=%4", "step=8%", "step=%FF", "zone=%E2%82", "a=%C0%AF"}) {
            assertThat(ErrorPages.decodes(bad)).as(bad).isFalse();
        }
    }

    @Test
    void aQueryOfPlainTextOrValidEscapesIsNot() {
        for (String good : new String[] {"", "step=8&zone=DMA&order=9", "name=a+b", "t=%3Cb%3E", "k=%E2%84%AA",
                "v-r=uidl&v-uiId=0"}) {
            assertThat(ErrorPages.decodes(good)).as(good).isTrue();
        }
    }
}
