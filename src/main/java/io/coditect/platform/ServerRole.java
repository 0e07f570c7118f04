package io.coditect.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The role this server was started in, read once from {@code coditect.role}. */
@ApplicationScoped
public class ServerRole {
    private final Role role;

    /** For the CDI client proxy only. */
    protected ServerRole() {
        this.role = null;
    }

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
