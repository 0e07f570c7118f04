package io.coditect.terminal.attach;

import io.coditect.audit.AuditLog;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Optional;
import java.util.Set;

/**
 * Registers the one {@link AttachEndpoint} at both attach paths: the public one (standalone and
 * gateway; attaches are audited there) and an agent's, where a gateway relays a client it has
 * already audited (recording it again would count it twice). In other roles the agent path's
 * filter ({@code workspace.AgentRequestFilter}) answers 404.
 */
public class AttachPaths implements ServerApplicationConfig {
    public static final String PUBLIC = "/api/v1/workspaces/{id}/terminals/{tid}/attach";
    public static final String AGENT = "/api/agent/v1/workspaces/{id}/terminals/{tid}/attach";

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of(at(PUBLIC, true), at(AGENT, false));
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }

    private static ServerEndpointConfig at(String path, boolean audited) {
        return ServerEndpointConfig.Builder.create(AttachEndpoint.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        AttachContext context = CDI.current().select(AttachContext.class).get();
                        Optional<AuditLog> audit = audited ? Optional.of(CDI.current().select(AuditLog.class).get())
                                : Optional.empty();
                        return endpointClass.cast(new AttachEndpoint(context, audit));
                    }
                })
                .build();
    }
}
