package dev.folioscope.web.scenarios;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import dev.folioscope.recording.RecordingFile;
import dev.folioscope.recording.RecordingFileTest;
import dev.folioscope.web.BrowserTestBase;
import dev.folioscope.web.debugger.DebuggerPage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Export and import as a user does them: the debugger's Export downloads the scenario and its
 * recording; the scenario list's "Open a file" takes either back, checks it as the command line
 * does and opens it at its permanent link; a damaged, foreign, oversized or invalid file gets a
 * message naming the file and what is wrong, and nothing is opened.
 */
@TestPropertySource(properties = "folioscope.import.max-recording-bytes=2097152")
class ExportImportIT extends BrowserTestBase {
    private static final String SCENARIO = "buddy-split-merge";
    private static final Pattern STORED = Pattern.compile(".*/s/[a-z2-7]{32}(\\?.*)?$");

    @Test
    void anExportedRecordingOpensAgainAtItsPermanentLink() throws IOException {
        open("/debug/" + SCENARIO + "?step=5");
        DebuggerPage debugger = new DebuggerPage(page);
        String title = debugger.title().textContent();
        String last = debugger.stepLabel().textContent().split(" / ")[1];

        byte[] yaml = download("#fs-export-yaml", SCENARIO + ".yaml");
        assertThat(new String(yaml, StandardCharsets.UTF_8)).isEqualTo(shipped(SCENARIO));
        byte[] rec = download("#fs-export-rec", SCENARIO + ".rec");

        open("/");
        upload(new FilePayload("mine.rec", "application/octet-stream", rec));
        assertThat(page).hasURL(STORED);
        waitForVaadin();
        DebuggerPage opened = new DebuggerPage(page);
        assertThat(opened.title()).hasText(title);
        assertThat(opened.stepLabel()).hasText("0 / " + last);
        String recLink = page.url().replaceAll("\\?.*", "");

        open("/");
        upload(new FilePayload("mine.yaml", "application/yaml", yaml));
        assertThat(page).hasURL(STORED);
        assertThat(page.url().replaceAll("\\?.*", "")).isEqualTo(recLink); // same text, same id
    }

    @Test
    void aBadFileIsRefusedWithItsNameAndWhatIsWrong() throws IOException {
        open("/debug/" + SCENARIO);
        byte[] rec = download("#fs-export-rec", SCENARIO + ".rec");

        open("/");
        byte[] damaged = Arrays.copyOf(rec, rec.length);
        damaged[damaged.length / 2] ^= 0x55;
        upload(new FilePayload("damaged.rec", "application/octet-stream", damaged));
        assertThat(status()).hasText(Pattern.compile("^damaged\\.rec: .*checksum mismatch.*"));

        // a quarter of a MiB announcing the most events a file may hold: read without keeping them
        byte[] crafted = RecordingFileTest.withPointEvents(rec, RecordingFile.MAX_EVENTS);
        upload(new FilePayload("crafted.rec", "application/octet-stream", crafted));
        assertThat(status()).hasText(Pattern.compile("^crafted\\.rec: re-running its scenario gave \\d+ events"
                + " instead of " + RecordingFile.MAX_EVENTS + ".*"));

        String broken = shipped(SCENARIO).replaceFirst("seed: \\d+", "seed: lots");
        upload(new FilePayload("broken <b>x</b>.yaml", "application/yaml", broken.getBytes(StandardCharsets.UTF_8)));
        assertThat(status()).hasText(Pattern.compile("^broken <b>x</b>\\.yaml:\\d+:\\d+: .*seed.*"));
        assertThat(page.locator(".fs-import b")).hasCount(0); // the name is shown as text, not markup
        screenshot("import-invalid-scenario");

        upload(new FilePayload("latin1.yaml", "application/yaml", new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'}));
        assertThat(status()).hasText(Pattern.compile("^latin1\\.yaml: .*not UTF-8.*"));

        byte[] big = new byte[3 << 20];
        Arrays.fill(big, (byte) '#');
        upload(new FilePayload("big.yaml", "application/yaml", big));
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("big.yaml")))
                .containsText("big.yaml: larger than 2 MiB, the most this server takes");
        assertThat(page).hasURL(Pattern.compile(".*/$"));
    }

    private byte[] download(String anchor, String expectedName) throws IOException {
        page.locator("#fs-export").click();
        Download d = page.waitForDownload(() -> page.locator(anchor).click());
        assertThat(d.suggestedFilename()).isEqualTo(expectedName);
        Path file = d.path();
        byte[] bytes = Files.readAllBytes(file);
        page.keyboard().press("Escape");
        return bytes;
    }

    private void upload(FilePayload file) {
        page.locator("#fs-import-upload input[type=file]").setInputFiles(file);
        waitForVaadin();
    }

    private Locator status() {
        return page.locator("#fs-import-status");
    }

    private static String shipped(String name) throws IOException {
        try (InputStream in = ExportImportIT.class.getClassLoader().getResourceAsStream("scenarios/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
