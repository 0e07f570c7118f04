package io.coditect.terminal;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a create: every field is optional (80 x 24, the first allowed shell, the workspace root).
 * {@code recording} is the gateway's word to its agent ({@link RecordingRequest}); the public API ignores it.
 */
public record CreateTerminalRequest(Integer cols, Integer rows, String shell, String cwd, Map<String, String> env,
                                    @Schema(hidden = true) RecordingRequest recording) {
}
