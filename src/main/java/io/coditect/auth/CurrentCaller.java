package io.coditect.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, from its verified MicroProfile JWT: {@code upn}, else {@code sub}. */
@RequestScoped
public class CurrentCaller {
    private final JsonWebToken token;

    /** For the CDI client proxy only. */
    protected CurrentCaller() {
        this.token = null;
    }

    @Inject
    public CurrentCaller(JsonWebToken token) {
        this.token = token;
    }

    /** The caller; a request without a verified token is refused with 401. */
    public Caller get() {
        String name = nameOf(token);
        if (name == null) {
            throw new NotAuthorizedException("Bearer");
        }
        Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
        return new Caller(name, groups);
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
