package io.coditect.platform;

import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The role this server was started in, read once from {@code coditect.role}. */
@Immutable
public class ServerRole {
    private final Role role;

    @Inject
    public ServerRole(@ConfigProperty(name = "coditect.role", defaultValue = "standalone") String role) {
        this.role = Role.parse(role);
    }

    public Role get() {
        return role;
    }

    public boolean is(Role candidate) {
        return role == candidate;
    }
}
