package io.coditect.terminal;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Terminal ids: {@code t-} and 12 lower-case letters and digits. */
public final class TerminalIds {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern FORM = Pattern.compile("t-[a-z0-9]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TerminalIds() {
    }

    public static String generate() {
        StringBuilder id = new StringBuilder("t-");
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORM.matcher(id).matches();
    }
}
