package io.coditect.relay;

import io.coditect.terminal.TerminalRefusals;
import io.coditect.auth.AgentProtocol;
import io.coditect.platform.error.ApiException;
import io.coditect.platform.error.ApiError;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * What an agent's refusal (a status that is not the call's success) means for the gateway's
 * client, decided by the status and the error code of the API's error shape, never by searching
 * the body: the one home of that rule for terminal calls ({@link AgentClient}), file calls
 * ({@link AgentReplies}) and attach handshakes ({@link RemoteTerminalHost}).
 *
 * <ul>
 * <li>{@code 400 agent_version_mismatch}: the agent is of another release, {@code 503} for the client;
 * <li>{@code 401}/{@code 403}: the agent refuses the gateway's credential, the agent is unavailable;
 * <li>a request refusal ({@link #PASSED_ON}) with a well-formed code: passed on, message cut to
 * {@link #MAX_MESSAGE_CHARS}; except {@code not_found}/{@code workspace_not_found}, which from an
 * agent mean it serves another workspace (the gateway decides what exists), and the version code
 * with another status;
 * <li>{@code 503 terminal_start_failed}: passed on;
 * <li>anything else: the agent is unavailable.
 * </ul>
 */
final class AgentRefusals {
    private static final Logger LOG = Logger.getLogger(AgentRefusals.class.getName());
    static final int MAX_MESSAGE_CHARS = 1024;
    private static final Set<Integer> PASSED_ON = Set.of(400, 404, 409, 412, 413, 416, 422, 507);
    private static final Pattern CODE = Pattern.compile("[a-z_]{1,64}");
    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Set<String> NOT_PASSED_ON = Set.of("not_found", "workspace_not_found", AgentProtocol.VERSION_MISMATCH);

    /** An agent's error body: its code (well-formed) and message (cut). */
    record AgentError(String code, String message) {
    }

    private AgentRefusals() {
    }

    /** The error an agent's body states in the API's shape ({@link ApiError}), if it does; anything else is empty. */
    static Optional<AgentError> error(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        ApiError stated;
        try {
            stated = JSON.fromJson(new String(body, StandardCharsets.UTF_8), ApiError.class);
        } catch (JsonbException | ClassCastException e) {
            return Optional.empty();
        }
        if (stated == null || stated.error() == null || !CODE.matcher(stated.error()).matches()) {
            return Optional.empty();
        }
        String message = stated.message() == null ? "" : stated.message();
        return Optional.of(new AgentError(stated.error(),
                message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message));
    }

    /** Whether the agent says the terminal does not exist ({@code 404 terminal_not_found}). */
    static boolean terminalNotFound(int status, Optional<AgentError> error) {
        return status == 404 && error.map(e -> TerminalRefusals.NOT_FOUND.equals(e.code())).orElse(false);
    }

    /** The client's error for an agent's refusal; {@code unavailable} makes the counted {@code agent_unavailable}. */
    static ApiException of(String workspaceId, int status, Optional<AgentError> error, Supplier<ApiException> unavailable) {
        if (status == 400 && error.isPresent() && AgentProtocol.VERSION_MISMATCH.equals(error.get().code())) {
            return versionMismatch(workspaceId, error.get().message());
        }
        if (status == 401 || status == 403) {
            LOG.warning(() -> "The agent of " + workspaceId + " refused the gateway's service credential ("
                    + error.map(AgentError::code).orElse("no detail") + "): do the gateway's signing key "
                    + "and the agents' trusted keys match?");
            return unavailable.get();
        }
        if (error.isPresent() && PASSED_ON.contains(status) && !NOT_PASSED_ON.contains(error.get().code())) {
            return new ApiException(status, error.get().code(), error.get().message());
        }
        if (error.isPresent() && status == 503 && "terminal_start_failed".equals(error.get().code())) {
            return ApiException.unavailable("terminal_start_failed", error.get().message());
        }
        return unavailable.get();
    }

    /**
     * The agent's refusal of this gateway's protocol version ({@link AgentProtocol}), as a 503 for the
     * client: retrying reaches an up-to-date gateway while gateways are being upgraded, and a stop and
     * start brings the workspace's agent to the current image.
     */
    private static ApiException versionMismatch(String workspaceId, String agentSays) {
        LOG.warning(() -> "The agent of " + workspaceId + " refused this gateway's protocol version: " + agentSays);
        return ApiException.unavailable(AgentProtocol.VERSION_MISMATCH, "The agent of workspace "
                + workspaceId + " runs a release that does not fit this gateway's (agent protocol " + AgentProtocol.VERSION
                + " here; the agent says: " + agentSays + ") Stop and start the workspace to bring its agent up to date;"
                + " while the gateways are being upgraded, trying again shortly may be enough.", AgentClient.RETRY_AFTER_SECONDS);
    }
}
