package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The gateway's ServiceAccount may do exactly what the workspace provisioner needs, in its namespace. */
class RbacTest {
    /**
     * Workspace StatefulSets and their headless Services: made, read, watched, scaled by a patch of
     * spec.replicas, deleted. Their claims, made by the StatefulSet controller: read and deleted
     * with the workspace. Pods: read only.
     */
    private static final Map<String, Set<String>> NEEDED = Map.of(
            "apps/statefulsets", Set.of("get", "list", "watch", "create", "patch", "delete"),
            "/services", Set.of("get", "list", "watch", "create", "patch", "delete"),
            "/persistentvolumeclaims", Set.of("get", "list", "watch", "delete"),
            "/pods", Set.of("get", "list", "watch"));

    private final Role role = Manifests.one("k8s/base", Role.class, "coditect-gateway");

    @Test
    void role_grantsExactlyTheProvisionersVerbs_perResource() {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    granted.computeIfAbsent(group + "/" + resource, key -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }

        assertThat(granted).isEqualTo(NEEDED);
    }

    @Test
    void role_hasNoWildcard() {
        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getVerbs()).doesNotContain("*");
        });
    }

    @Test
    void binding_givesTheRoleToTheDeploymentsServiceAccount_inTheNamespaceOnly() {
        RoleBinding binding = Manifests.one("k8s/base", RoleBinding.class, "coditect-gateway");
        Deployment deployment = Manifests.one("k8s/base", Deployment.class, "coditect-gateway");

        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        });
        assertThat(Manifests.all("k8s", ClusterRole.class)).isEmpty();
        assertThat(Manifests.all("k8s", ClusterRoleBinding.class)).isEmpty();
    }
}
