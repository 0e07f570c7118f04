package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels of every object of a workspace: {@code app=workspace}, {@code workspace-id} and
 * {@code user-id}. A label value is at most 63 letters, digits, '-', '_' or '.', starting and ending
 * with a letter or digit; a user id that is not (an e-mail address, a long subject) is turned into
 * one that is, with a hash of the original so two users never share a value.
 */
public final class WorkspaceLabels {
    public static final String APP = "app";
    public static final String APP_VALUE = "workspace";
    public static final String WORKSPACE_ID = "workspace-id";
    public static final String USER_ID = "user-id";

    private static final int MAX_LENGTH = 63;
    private static final Pattern VALID = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern INVALID_CHARACTERS = Pattern.compile("[^-A-Za-z0-9_.]+");
    private static final Pattern INVALID_ENDS = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");

    private WorkspaceLabels() {
    }

    /** The labels of the workspace's objects and pod. */
    public static Map<String, String> of(Workspace workspace) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP, APP_VALUE);
        labels.put(WORKSPACE_ID, workspace.id());
        labels.put(USER_ID, labelValue(workspace.owner()));
        return labels;
    }

    /** What selects the workspace's pod: its id alone. */
    public static Map<String, String> selector(Workspace workspace) {
        return Map.of(WORKSPACE_ID, workspace.id());
    }

    /** {@code value} if it is a valid label value, else a valid one made from it and a hash of it. */
    public static String labelValue(String value) {
        if (value.length() <= MAX_LENGTH && VALID.matcher(value).matches()) {
            return value;
        }
        String hash = sha256Hex(value).substring(0, 10);
        String readable = INVALID_ENDS.matcher(INVALID_CHARACTERS.matcher(value).replaceAll("_")).replaceAll("");
        int room = MAX_LENGTH - hash.length() - 1;
        if (readable.length() > room) {
            readable = INVALID_ENDS.matcher(readable.substring(0, room)).replaceAll("");
        }
        return readable.isEmpty() ? hash : readable + "-" + hash;
    }

    private static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
