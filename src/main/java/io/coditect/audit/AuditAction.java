package io.coditect.audit;

/** What an audit event records; {@link #code()} is the stable name in the API and the JSON log line. */
public enum AuditAction {
    SIGN_IN("user.sign_in"),
    WORKSPACE_CREATE("workspace.create"),
    WORKSPACE_START("workspace.start"),
    WORKSPACE_STOP("workspace.stop"),
    WORKSPACE_DELETE("workspace.delete"),
    TERMINAL_CREATE("terminal.create"),
    TERMINAL_DELETE("terminal.delete"),
    TERMINAL_RESTORE("terminal.restore"),
    TERMINAL_ATTACH("terminal.attach"),
    TERMINAL_DETACH("terminal.detach"),
    FILE_WRITE("file.write"),
    FILE_MOVE("file.move"),
    FILE_DELETE("file.delete"),
    REQUEST_REFUSED("request.refused"),
    RECORDING_START("recording.start"),
    RECORDING_POLICY("recording.policy"),
    RECORDING_DOWNLOAD("recording.download");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether {@code code} names an action: filters with other names are refused, not silently empty. */
    public static boolean isCode(String code) {
        for (AuditAction action : values()) {
            if (action.code.equals(code)) {
                return true;
            }
        }
        return false;
    }
}
