package io.coditect.auth;

import java.util.Set;

/** Who is calling: the user name from the token and the roles it grants. */
public record Caller(String name, Set<String> groups) {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    public Caller {
        groups = Set.copyOf(groups);
    }

    public boolean isAdmin() {
        return groups.contains(ADMIN);
    }
}
