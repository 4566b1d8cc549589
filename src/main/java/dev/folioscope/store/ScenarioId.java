package dev.folioscope.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The id of a stored scenario, the {@code <id>} of {@code /s/<id>}: the first 160 bits of
 * SHA-256 over {@code "folioscope scenario, model " + modelVersion + "\n" + normalisedText}
 * (UTF-8), written in RFC 4648 base32, lower case, without padding: 32 characters of
 * {@code a-z} and {@code 2-7}.
 *
 * <p>Same normalised text and model version, same id, on every server: a link survives restarts
 * and works on any instance sharing the database. The model version is part of it because the
 * same text records differently under another model, and a link promises one recording. 160
 * bits cannot be guessed or enumerated, so the link is the capability to view a private scenario.
 *
 * @param value the 32-character id
 */
public record ScenarioId(String value) {
    private static final Pattern FORM = Pattern.compile("[a-z2-7]{32}");
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    /** 160 bits: 20 bytes of the digest, 32 base32 characters. */
    private static final int BYTES = 20;

    public ScenarioId {
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a scenario id: 32 characters a-z and 2-7 expected");
        }
    }

    /**
     * of() - the id of a scenario text under a model version.
     *
     * @param normalisedText the text as {@link ScenarioText#normalise} left it
     * @param modelVersion the kernel model version the link promises
     * @return its id.
     */
    public static ScenarioId of(String normalisedText, int modelVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("folioscope scenario, model " + modelVersion + "\n").getBytes(StandardCharsets.UTF_8));
            return new ScenarioId(base32(sha.digest(normalisedText.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * parse() - an id as a link carries it.
     *
     * @param raw the path segment after {@code /s/}, as received
     * @return the id, or empty when the text is not of the id's form.
     */
    public static Optional<ScenarioId> parse(String raw) {
        return raw != null && FORM.matcher(raw).matches() ? Optional.of(new ScenarioId(raw)) : Optional.empty();
    }

    /** The first {@link #BYTES} bytes of a digest, five bits per character. */
    private static String base32(byte[] digest) {
        StringBuilder out = new StringBuilder(BYTES * 8 / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < BYTES; i++) {
            buffer = buffer << 8 | digest[i] & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt(buffer >>> (bits - 5) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
