package io.coditect.auth;

import io.coditect.audit.RequestOrigin;
import java.util.Set;

/** Who is calling: the user name from the token, the roles it grants, and where the request came from (for audit events). */
public record Caller(String name, Set<String> groups, RequestOrigin origin) {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    public Caller {
        groups = Set.copyOf(groups);
        origin = origin == null ? RequestOrigin.SERVER : origin;
    }

    /** A caller whose origin is not known (the server's own calls, tests). */
    public Caller(String name, Set<String> groups) {
        this(name, groups, RequestOrigin.SERVER);
    }

    public boolean isAdmin() {
        return groups.contains(ADMIN);
    }
}
