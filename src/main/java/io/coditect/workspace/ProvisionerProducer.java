package io.coditect.workspace;

import io.coditect.platform.Immutable;
import io.coditect.platform.Role;
import io.coditect.platform.ServerRole;
import io.coditect.workspace.kubernetes.KubernetesProvisioner;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The provisioner of this server's role: StatefulSets for a gateway, directories otherwise (an
 * agent holds its workspace's files itself). Only the chosen one is ever created, so a standalone
 * server never looks for a Kubernetes API server.
 */
@Immutable
public class ProvisionerProducer {
    private final ServerRole role;
    private final Instance<LocalProvisioner> local;
    private final Instance<KubernetesProvisioner> kubernetes;

    @Inject
    public ProvisionerProducer(ServerRole role, Instance<LocalProvisioner> local,
                               Instance<KubernetesProvisioner> kubernetes) {
        this.role = role;
        this.local = local;
        this.kubernetes = kubernetes;
    }

    @Produces
    public Provisioner provisioner() {
        return role.is(Role.GATEWAY) ? kubernetes.get() : local.get();
    }
}
