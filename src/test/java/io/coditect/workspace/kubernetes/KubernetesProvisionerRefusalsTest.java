package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.workspace.ProvisioningException;
import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** The Kubernetes provisioner when the API server refuses, fails or is too slow: clear errors, nothing left behind. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesProvisionerRefusalsTest extends ProvisionerFixture {
    @Test
    void create_forbidden_clearErrorAndNothingLeft() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(403, status(403, "Forbidden", "statefulsets.apps is forbidden: no permission")).always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-jjjjjjjjjjjj", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.leftovers()).isFalse();
                    assertThat(e.getMessage()).contains("refused", "403", "permission");
                });
        assertNothingLeft();
    }

    @Test
    void create_nameTaken_clearErrorAndNothingLeft() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(409, status(409, "AlreadyExists", "statefulsets.apps \"ws-kkkkkkkkkkkk\" already exists"))
                .always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-kkkkkkkkkkkk", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("409", "already exists");
                });
        assertNothingLeft();
    }

    @Test
    void create_serverError_retryableAndNothingLeft() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(500, status(500, "InternalError", "etcdserver: request timed out")).always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-llllllllllll", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("500", "Try again");
                });
        assertNothingLeft();
    }

    @Test
    void create_apiServerTooSlow_retryableAndNothingLeft() {
        server.expect().post().delay(10_000).withPath(STATEFUL_SETS).andReturn(201, "{}").always();

        try (KubernetesClient impatient = clientWith(1_000, 0)) {
            KubernetesProvisioner slow = new KubernetesProvisioner(new WorkspaceCluster(impatient, SETTINGS), SETTINGS);

            assertThatThrownBy(() -> slow.create(workspace("ws-mmmmmmmmmmmm", "alice")))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("did not answer in time");
                    });
        }
        assertNothingLeft();
    }

    @Test
    void create_cleanupFailsToo_leftoversReported() {
        server.expect().post().withPath(STATEFUL_SETS)
                .andReturn(500, status(500, "InternalError", "etcd down")).always();
        server.expect().delete().withPath(SERVICES + "/ws-nnnnnnnnnnnn")
                .andReturn(500, status(500, "InternalError", "etcd down")).always();

        assertThatThrownBy(() -> provisioner.create(workspace("ws-nnnnnnnnnnnn", "alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.leftovers()).isTrue();
                    assertThat(e.getMessage()).contains("delete the workspace to clean up");
                });
    }

    @Test
    void stop_conflict_retryable() {
        Workspace workspace = workspace("ws-oooooooooooo", "alice");
        provisioner.create(workspace);
        server.expect().patch().withPath(STATEFUL_SETS + "/" + workspace.id())
                .andReturn(409, status(409, "Conflict", "the object has been modified")).always();

        assertThatThrownBy(() -> provisioner.stop(workspace))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(statefulSet(workspace.id()).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void delete_forbidden_clearErrorAndStatefulSetKept() {
        Workspace workspace = workspace("ws-pppppppppppp", "alice");
        provisioner.create(workspace);
        server.expect().delete().withPath(STATEFUL_SETS + "/" + workspace.id())
                .andReturn(403, status(403, "Forbidden", "no delete for you")).always();

        assertThatThrownBy(() -> provisioner.delete(workspace))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("permission");
                });
        assertThat(statefulSet(workspace.id())).isNotNull();
    }
}
