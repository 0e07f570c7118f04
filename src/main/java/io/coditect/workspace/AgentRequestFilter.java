package io.coditect.workspace;

import io.coditect.auth.AgentProtocol;
import io.coditect.auth.AttachPrincipal;
import io.coditect.auth.BearerAuthentication;
import io.coditect.auth.Caller;
import io.coditect.auth.FilterResponses;
import io.coditect.auth.GatewayKeys;
import io.coditect.auth.ServiceCredentials;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's door: in the agent role, the API is the gateways' terminal API under
 * {@code /api/agent/v1/workspaces/{its workspace}/terminals}, and every request and attach there
 * must carry a gateway's service credential for that workspace ({@link ServiceCredentials}) as
 * {@code Authorization: Bearer}. Nothing else under {@code /api} exists on an agent, so no user
 * token reaches anything; health and metrics stay open for the kubelet and Prometheus. A gateway
 * of another agent protocol version ({@link AgentProtocol}) is refused before its credential is
 * looked at, since the credential's form may be what changed. In the
 * other roles the agent API does not exist.
 *
 * <p>The end user the credential names is passed on as the request's principal: an
 * {@link AttachPrincipal} for an attach (which the attach endpoint requires), else a plain one.
 */
@WebFilter(filterName = "AgentRequests", urlPatterns = "/api/*", asyncSupported = true)
public class AgentRequestFilter extends HttpFilter {
    static final String AGENT_API = "/api/agent/";
    private static final Pattern WORKSPACE = Pattern.compile("/api/agent/v1/workspaces/([^/]+)(/.*)?");
    private static final Pattern ATTACH = Pattern.compile("/api/agent/v1/workspaces/([^/]+)/terminals/([^/]+)/attach");

    @Inject
    private ServerRole role;
    @Inject
    private AgentWorkspace workspace;
    @Inject
    private GatewayKeys keys;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean agentApi = path.startsWith(AGENT_API);
        if (!role.is(Role.AGENT)) {
            if (agentApi) {
                FilterResponses.refuse(response, 404, "not_found", "There is nothing at this path.", null, null);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        if (!agentApi) {
            FilterResponses.refuse(response, 404, "not_found",
                    "A workspace agent serves only its gateways (" + AGENT_API + ").", null, null);
            return;
        }
        Matcher target = WORKSPACE.matcher(path);
        if (!target.matches() || !workspace.serves(target.group(1))) {
            FilterResponses.refuse(response, 404, "workspace_not_found", "This agent serves another workspace.",
                    null, null);
            return;
        }
        Optional<String> otherVersion = AgentProtocol.refusal(request.getHeader(AgentProtocol.HEADER));
        if (otherVersion.isPresent()) {
            FilterResponses.refuse(response, 400, AgentProtocol.VERSION_MISMATCH, otherVersion.get(), null, null);
            return;
        }
        String token = BearerAuthentication.bearerToken(request.getHeader("Authorization"));
        if (token == null) {
            FilterResponses.refuse(response, 401, "service_credential_required",
                    "An agent answers gateways only: a gateway's service credential is required.", "coditect-agent", null);
            return;
        }
        Optional<String> user = ServiceCredentials.verify(token, keys.trusted(), workspace.id(), Instant.now());
        if (user.isEmpty()) {
            FilterResponses.refuse(response, 401, "invalid_service_credential",
                    "The credential is not a valid gateway service "
                    + "credential for this workspace (a user's token never is).", "coditect-agent", null);
            return;
        }
        Matcher attach = ATTACH.matcher(path);
        Caller caller = new Caller(user.get(), Set.of());
        Principal principal = attach.matches() ? new AttachPrincipal(caller, attach.group(1), attach.group(2)) : caller::name;
        chain.doFilter(FilterResponses.as(request, principal), response);
    }
}
