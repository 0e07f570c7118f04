package io.coditect.terminal.attach;

import io.coditect.audit.ClientAddresses;
import io.coditect.audit.Refusals;
import io.coditect.auth.AttachPrincipal;
import io.coditect.auth.BearerAuthentication;
import io.coditect.auth.Caller;
import io.coditect.auth.FilterResponses;
import io.coditect.auth.OriginPolicy;
import io.coditect.auth.RateLimit;
import io.coditect.auth.RateLimiter;
import io.coditect.platform.Drain;
import io.coditect.platform.error.ApiException;
import io.coditect.store.StoreUnavailableException;
import io.coditect.terminal.TerminalService;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Lets a WebSocket attach through only for the terminal's owner, before the upgrade, so every
 * refusal is an ordinary HTTP error with the API's JSON body: a foreign {@code Origin} (403), no
 * or a bad credential (401), a missing or someone else's terminal (404), a workspace that is not
 * running (409), a malformed {@code offset} or a request that is no upgrade (400), too many attaches
 * of this user, a minute or at once, or clients of this terminal (429, {@link AttachLimits}), a server that is
 * draining for shutdown (503 {@code server_draining}: attach again, another server answers).
 *
 * <p>The credential is a bearer token, verified by {@link BearerAuthentication} (the container
 * does not authenticate requests by itself), or a single-use {@code ticket}. The caller is then handed to the endpoint as the request's
 * {@link AttachPrincipal}, which the WebSocket session reports as its user principal.
 */
@WebFilter(filterName = "AttachAuthentication", urlPatterns = "/api/v1/workspaces/*", asyncSupported = true)
public class AttachAuthenticationFilter extends HttpFilter {
    private static final Pattern ATTACH = Pattern.compile("/api/v1/workspaces/([^/]+)/terminals/([^/]+)/attach");
    private static final Pattern OFFSET = Pattern.compile("[0-9]{1,18}");
    private static final Set<String> ROLES = Set.of(Caller.USER, Caller.ADMIN);

    @Inject
    private OriginPolicy origins;
    @Inject
    private AttachTickets tickets;
    @Inject
    private TerminalService terminals;
    @Inject
    private BearerAuthentication bearer;
    @Inject
    private Drain drain;
    @Inject
    private ClientAddresses addresses;
    @Inject
    private Refusals refusals;
    @Inject
    private AttachLimits limits;
    @Inject
    private AttachSettings settings;
    private final RateLimiter attachRate = new RateLimiter(System::nanoTime);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Matcher attach = ATTACH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (!attach.matches()) {
            chain.doFilter(request, response);
            return;
        }
        String workspaceId = attach.group(1);
        String terminalId = attach.group(2);
        try {
            Caller caller = admit(request, response, workspaceId, terminalId);
            caller = new Caller(caller.name(), caller.groups(), addresses.origin(request));
            AttachPrincipal principal = new AttachPrincipal(caller, workspaceId, terminalId);
            chain.doFilter(FilterResponses.as(request, principal), response);
        } catch (ApiException e) {
            refusals.record(request, e.status(), e.code(), workspaceId);
            FilterResponses.refuse(response, e.status(), e.code(), e.getMessage(), e.status() == 401 ? "coditect" : null,
                    e.retryAfterSeconds());
        } catch (StoreUnavailableException e) {
            FilterResponses.refuse(response, 503, "store_unavailable", "Session storage is unavailable right now; try again shortly.",
                    null, 5L);
        }
    }

    private Caller admit(HttpServletRequest request, HttpServletResponse response, String workspaceId,
            String terminalId) throws IOException {
        drain.refuseIfDraining();
        String forwardedHost = request.getHeader("X-Forwarded-Host");
        if (!origins.allows(request.getHeader("Origin"), forwardedHost != null ? forwardedHost : request.getHeader("Host"))) {
            throw new ApiException(403, "origin_not_allowed",
                    "This page's origin may not open terminals; see coditect.auth.allowed-origins.");
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            throw ApiException.badRequest("websocket_required", "Attach is a WebSocket: send an upgrade request.");
        }
        String offset = request.getParameter("offset");
        if (offset != null && !OFFSET.matcher(offset).matches()) {
            throw ApiException.badRequest("invalid_offset", "\"offset\" must be a whole number of bytes, 0 or more.");
        }
        Caller caller = authenticate(request, response, workspaceId, terminalId);
        limitRate(caller);
        terminals.checkAttach(caller, workspaceId, terminalId);
        limits.check(caller.name(), workspaceId, terminalId);
        return caller;
    }

    /** At most {@code coditect.rate-limit.attach.requests} attaches per period for each user: {@code 429 rate_limited}. */
    private void limitRate(Caller caller) {
        RateLimit limit = settings.attachRate();
        long waitNanos = attachRate.acquire(limit, "user:" + caller.name());
        if (waitNanos > 0) {
            long seconds = RateLimiter.retryAfterSeconds(waitNanos);
            throw ApiException.tooManyRequests("rate_limited", "Too many attaches: at most " + limit.requests() + " every "
                    + limit.period().toSeconds() + " s; try again in " + seconds + " s.", seconds);
        }
    }

    private Caller authenticate(HttpServletRequest request, HttpServletResponse response, String workspaceId,
            String terminalId) throws IOException {
        String ticket = request.getParameter("ticket");
        if (ticket != null) {
            return tickets.redeem(ticket, workspaceId, terminalId).orElseThrow(() -> new ApiException(401,
                    "invalid_ticket", "The attach ticket is unknown, used, expired or for another terminal."));
        }
        BearerAuthentication.Outcome outcome = bearer.authenticate(request, response);
        if (outcome == BearerAuthentication.Outcome.NO_TOKEN) {
            throw new ApiException(401, "unauthorized", "A bearer token or an attach ticket is required.");
        }
        if (outcome != BearerAuthentication.Outcome.AUTHENTICATED
                || !(request.getUserPrincipal() instanceof JsonWebToken token)) {
            throw new ApiException(401, "invalid_token", "The bearer token was refused: it is malformed, expired, "
                    + "not yet valid, or not signed and issued for this server.");
        }
        Caller caller = caller(token).orElseThrow(() -> new ApiException(401, "invalid_token",
                "The bearer token names no user."));
        if (caller.groups().stream().noneMatch(ROLES::contains)) {
            throw new ApiException(403, "forbidden", "The caller may not use terminals.");
        }
        return caller;
    }

    /** The caller as {@link CurrentCaller} sees it: {@code upn}, else {@code sub}, and the groups. */
    private static Optional<Caller> caller(JsonWebToken token) {
        Object upn = token.getClaim("upn");
        String name = upn != null && !upn.toString().isBlank() ? upn.toString() : token.getSubject();
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Caller(name, token.getGroups() == null ? Set.of() : token.getGroups()));
    }
}
