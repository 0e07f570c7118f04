package io.coditect.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The browser page's Content-Security-Policy: everything from this server, except that the page
 * may call the configured OpenID Connect provider (discovery, token and sign-out requests; a
 * hidden frame for silent renewal where the provider gives no refresh token). A header, not a
 * meta tag, as the provider's origin is configuration. Only the page gets it (the root and
 * {@code /index.html}; the welcome-file request "/" is not matched by a filter's exact pattern in
 * every container): other answers keep their own policies (file downloads have a stricter one).
 * Asynchronous like every filter before the API: one filter without it keeps a request from going
 * asynchronous, which ended every progress stream after its first event.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PagePolicyFilter extends HttpFilter {
    private transient String policy;

    /**
     * The servlet container makes filters with their no-argument constructor (no constructor
     * injection), and the policy is fixed once it is made: it is read at init, through the keys of
     * {@link IdentityProvider}, their one home.
     */
    @Override
    public void init() {
        Config config = ConfigProvider.getConfig(PagePolicyFilter.class.getClassLoader());
        policy = policy(name -> config.getOptionalValue(name, String.class));
    }

    static String policy(Function<String, Optional<String>> settings) {
        Set<String> origins = new LinkedHashSet<>();
        IdentityProvider.fromSettings(settings).ifPresent(provider -> {
            origins.add(origin(provider.issuer()));
            settings.apply(IdentityProvider.EXTRA_ORIGINS).ifPresent(extra -> Arrays.stream(extra.split(","))
                    .map(String::strip).filter(value -> !value.isEmpty()).map(PagePolicyFilter::origin).forEach(origins::add));
        });
        String provider = origins.isEmpty() ? "" : " " + String.join(" ", origins);
        // 'wasm-unsafe-eval' lets the recording player compile its bundled WebAssembly terminal; JavaScript eval stays off.
        return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                // The renewal frame loads the provider, which redirects it back to this page.
                + "connect-src 'self'" + provider + "; frame-src" + (provider.isEmpty() ? " 'none'" : " 'self'" + provider)
                + "; object-src 'none'; base-uri 'none'; form-action 'self'";
    }

    /** {@code scheme://host[:port]} of {@code url}, which must be an absolute http(s) URL. */
    private static String origin(String url) {
        URI uri = URI.create(url.strip());
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.isEmpty() || path.equals("/") || path.equals("/index.html")) {
            response.setHeader("Content-Security-Policy", policy);
        }
        chain.doFilter(request, response);
    }
}
