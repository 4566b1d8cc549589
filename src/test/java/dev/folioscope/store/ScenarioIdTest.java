package dev.folioscope.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** Ids as links carry them: fixed by the text and model version, 32 base32 characters, nothing else accepted. */
class ScenarioIdTest {

    @Test
    void theIdIsTheBase32OfTheFirst160BitsOfSha256() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest("folioscope scenario, model 6\nversion: 1\n".getBytes(StandardCharsets.UTF_8));
        // RFC 4648 base32 by the book: five bits at a time, most significant first
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            bits.append(String.format("%8s", Integer.toBinaryString(digest[i] & 0xff)).replace(' ', '0'));
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 160; i += 5) {
            expected.append("abcdefghijklmnopqrstuvwxyz234567".charAt(Integer.parseInt(bits.substring(i, i + 5), 2)));
        }

        assertThat(ScenarioId.of("version: 1\n", 6).value()).isEqualTo(expected.toString()).hasSize(32);
    }

    @Test
    void theModelVersionIsPartOfTheId() {
        assertThat(ScenarioId.of("version: 1\n", 6)).isNotEqualTo(ScenarioId.of("version: 1\n", 5))
                .isEqualTo(ScenarioId.of("version: 1\n", 6));
    }

    @Test
    void onlyTheIdsFormParses() {
        String good = ScenarioId.of("version: 1\n", 6).value();
        assertThat(ScenarioId.parse(good)).get().extracting(ScenarioId::value).isEqualTo(good);
        assertThat(ScenarioId.parse(good.toUpperCase())).isEmpty();
        assertThat(ScenarioId.parse(good.substring(1))).isEmpty();
        assertThat(ScenarioId.parse(good + "a")).isEmpty();
        assertThat(ScenarioId.parse(good.substring(1) + "1")).isEmpty();
        assertThat(ScenarioId.parse("../../etc/passwd")).isEmpty();
        assertThat(ScenarioId.parse(null)).isEmpty();
    }
}
