package io.coditect.auth;

import io.coditect.audit.ClientAddresses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, from its verified MicroProfile JWT: {@code upn}, else {@code sub}. */
@RequestScoped
public class CurrentCaller {
    private final JsonWebToken token;
    private final HttpServletRequest request;
    private final ClientAddresses addresses;

    /** For the CDI client proxy only. */
    protected CurrentCaller() {
        this.token = null;
        this.request = null;
        this.addresses = null;
    }

    @Inject
    public CurrentCaller(JsonWebToken token, HttpServletRequest request, ClientAddresses addresses) {
        this.token = token;
        this.request = request;
        this.addresses = addresses;
    }

    /** The caller; a request without a verified token is refused with 401. */
    public Caller get() {
        String name = nameOf(token);
        if (name == null) {
            throw new NotAuthorizedException("Bearer");
        }
        Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
        return new Caller(name, groups, addresses.origin(request));
    }

    /** The user a verified token names: {@code upn}, else {@code sub}; null if it names none. */
    public static String nameOf(JsonWebToken token) {
        return firstNonBlank(token.getClaim("upn"), token.getSubject());
    }

    private static String firstNonBlank(Object... values) {
        for (Object value : values) {
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return null;
    }
}
