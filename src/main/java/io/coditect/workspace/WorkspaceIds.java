package io.coditect.workspace;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Workspace ids: {@code ws-} and 12 random lower-case letters and digits. They are DNS-1123 labels,
 * so one id names the StatefulSet, its pod, its Service and its store range as it is.
 */
public final class WorkspaceIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("ws-[a-z0-9]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkspaceIds() {
    }

    public static String generate() {
        StringBuilder id = new StringBuilder("ws-");
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** Whether a string from a URL could be a workspace id at all; anything else is simply not found. */
    public static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
