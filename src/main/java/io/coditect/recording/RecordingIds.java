package io.coditect.recording;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recording ids: {@code rec-<start epoch ms, 13 digits>-<8 random hex>}. The start time in the id
 * finds the recording's description key (ordered by start) without a scan.
 */
public final class RecordingIds {
    private static final Pattern FORM = Pattern.compile("rec-(\\d{13})-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordingIds() {
    }

    public static String generate(Instant startedAt) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return String.format("rec-%013d-%s", startedAt.toEpochMilli(), HexFormat.of().formatHex(suffix));
    }

    /** Whether {@code id} has this form: checked before an id from a client or an agent goes anywhere. */
    public static boolean isWellFormed(String id) {
        return startedMillis(id).isPresent();
    }

    /** The start (epoch ms) an id carries; empty when it is not an id of this form. */
    static OptionalLong startedMillis(String id) {
        Matcher matcher = id == null ? null : FORM.matcher(id);
        return matcher != null && matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }
}
