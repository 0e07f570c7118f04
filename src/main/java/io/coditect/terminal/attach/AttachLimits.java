package io.coditect.terminal.attach;

import io.coditect.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many attached WebSockets one user may hold on this server
 * ({@code coditect.terminal.max-attaches-per-user}) and how many clients one terminal may have
 * ({@code coditect.terminal.max-clients-per-terminal}). Checked before the upgrade ({@link #check},
 * {@code 429}) and taken when the connection opens ({@link #admit}, close 1008 for the rare attach
 * that lost a race to the last place); a connection gives its place back when it ends.
 *
 * <p>A gateway counts its own connections; the agent behind it counts every gateway's links to
 * its terminals, so the per-terminal limit holds across gateway replicas too.
 */
@ApplicationScoped
public class AttachLimits {
    static final String TOO_MANY_ATTACHES = "too_many_attaches";
    static final String TOO_MANY_CLIENTS = "too_many_clients";
    private static final long RETRY_AFTER_SECONDS = 5;

    private final int perUser;
    private final int perTerminal;
    private final Map<String, Integer> users = new ConcurrentHashMap<>();
    private final Map<String, Integer> terminals = new ConcurrentHashMap<>();

    /** For the CDI client proxy only. */
    protected AttachLimits() {
        this.perUser = 0;
        this.perTerminal = 0;
    }

    @Inject
    public AttachLimits(AttachSettings settings) {
        this(settings.maxAttachesPerUser(), settings.maxClientsPerTerminal());
    }

    public AttachLimits(int perUser, int perTerminal) {
        if (perUser < 1 || perTerminal < 1) {
            throw new IllegalArgumentException("coditect.terminal.max-attaches-per-user and "
                    + "coditect.terminal.max-clients-per-terminal must be at least 1");
        }
        this.perUser = perUser;
        this.perTerminal = perTerminal;
    }

    /** A place taken by one connection; {@link #release} gives it back, once. */
    public final class Place {
        private final String user;
        private final String terminal;
        private boolean released;

        private Place(String user, String terminal) {
            this.user = user;
            this.terminal = terminal;
        }

        public synchronized void release() {
            if (!released) {
                released = true;
                decrement(users, user);
                decrement(terminals, terminal);
            }
        }
    }

    /** Refuses ({@code 429}) an attach that would find no place now. */
    public void check(String user, String workspaceId, String terminalId) {
        refusal(users.getOrDefault(user, 0), terminals.getOrDefault(key(workspaceId, terminalId), 0))
                .ifPresent(error -> {
                    throw error;
                });
    }

    /** Takes a place for a connection; {@code 429} when there is none. */
    Place admit(String user, String workspaceId, String terminalId) {
        String terminal = key(workspaceId, terminalId);
        synchronized (this) {
            Optional<ApiException> refused = refusal(users.getOrDefault(user, 0), terminals.getOrDefault(terminal, 0));
            if (refused.isPresent()) {
                throw refused.get();
            }
            users.merge(user, 1, Integer::sum);
            terminals.merge(terminal, 1, Integer::sum);
        }
        return new Place(user, terminal);
    }

    private Optional<ApiException> refusal(int userCount, int terminalCount) {
        if (userCount >= perUser) {
            return Optional.of(ApiException.tooManyRequests(TOO_MANY_ATTACHES, "You have " + userCount
                    + " terminal connections open on this server, the most allowed "
                    + "(coditect.terminal.max-attaches-per-user); close one first.", RETRY_AFTER_SECONDS));
        }
        if (terminalCount >= perTerminal) {
            return Optional.of(ApiException.tooManyRequests(TOO_MANY_CLIENTS, "This terminal has " + terminalCount
                    + " clients attached, the most allowed (coditect.terminal.max-clients-per-terminal); "
                    + "detach one first.", RETRY_AFTER_SECONDS));
        }
        return Optional.empty();
    }

    private synchronized void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private static String key(String workspaceId, String terminalId) {
        return workspaceId + "/" + terminalId;
    }
}
