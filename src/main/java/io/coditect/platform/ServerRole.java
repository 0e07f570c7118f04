package io.coditect.platform;

import jakarta.inject.Inject;

/** The role this server was started in ({@link PlatformSettings#ROLE}). */
@Immutable
public class ServerRole {
    private final Role role;

    @Inject
    public ServerRole(PlatformSettings settings) {
        this.role = settings.role();
    }

    public ServerRole(String role) {
        this.role = Role.parse(role);
    }

    public Role get() {
        return role;
    }

    public boolean is(Role candidate) {
        return role == candidate;
    }
}
