package io.coditect.auth;

import io.coditect.platform.Immutable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Which web pages may open a terminal WebSocket (browsers send cookies and such with any page's
 * WebSocket, so the {@code Origin} header is the only guard against a foreign page): the server's
 * own origin, plus {@code coditect.auth.allowed-origins}. A request without {@code Origin} comes
 * from a program, not a browser page, and is allowed; the literal origin {@code null} is not.
 */
@Immutable
public class OriginPolicy {
    private final Set<String> allowed;

    /**
     * Read through {@link Config} rather than an injected {@code Optional<List<String>>}, which not
     * every server's MicroProfile Config injects (Payara's fails on the nested generic type).
     */
    @Inject
    public OriginPolicy(Config config) {
        this(config.getOptionalValues("coditect.auth.allowed-origins", String.class).orElse(List.of()));
    }

    OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream()
                .map(String::trim).filter(origin -> !origin.isEmpty())
                .map(origin -> normalize(origin).orElseThrow(() -> new IllegalArgumentException(
                        "coditect.auth.allowed-origins: not an origin (scheme://host[:port]): " + origin)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether a request with this {@code Origin} may attach. {@code host} is the authority the
     * request was sent to ({@code X-Forwarded-Host} behind a proxy, else {@code Host}); a page
     * cannot forge either.
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        Optional<String> normalized = normalize(origin.trim());
        if (normalized.isEmpty()) {
            return false;
        }
        return allowed.contains(normalized.get()) || sameOrigin(URI.create(normalized.get()), host);
    }

    private static boolean sameOrigin(URI origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI target;
        try {
            target = new URI(origin.getScheme() + "://" + host.trim().split(",")[0].trim());
        } catch (URISyntaxException e) {
            return false;
        }
        return target.getHost() != null
                && target.getHost().equalsIgnoreCase(origin.getHost())
                && port(target) == port(origin);
    }

    /** {@code scheme://host:port} in lower case with the scheme's default port filled in; empty if not an origin. */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean onlyOrigin = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !onlyOrigin) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Checks the settings when the application starts, so a bad value stops it at once. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI created this bean, and its constructor checked the settings.
    }
}
