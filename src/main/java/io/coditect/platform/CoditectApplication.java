package io.coditect.platform;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API: everything under {@code /api}, authenticated by MicroProfile JWT bearer tokens.
 * A CDI bean, so that a server whose MicroProfile JWT finds {@code @LoginConfig} among the CDI
 * beans (Payara) sees it too, not only one that scans every class (Liberty).
 */
@ApplicationScoped
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT", realmName = "coditect")
@DeclareRoles({"user", "admin"})
@OpenAPIDefinition(
        info = @Info(title = "Coditect Workspace Gateway", version = "v1",
                description = "Workspaces, terminals and their attach tickets."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT")
public class CoditectApplication extends Application {
}
