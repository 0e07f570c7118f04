package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/reference/workspace-statefulset.yaml} is what the gateway creates for one workspace
 * with the default settings: the serialized {@code desired()} Service and StatefulSet, compared as
 * whole text. After a change to the builders or their defaults, regenerate it with
 * {@code ./mvnw -o -q test -Dtest=ReferenceManifestTest -Dcoditect.regenerate-reference=true}
 * (the test then writes the file and passes) and review the diff.
 */
class ReferenceManifestTest {
    static final Path REFERENCE = Path.of("k8s/reference/workspace-statefulset.yaml");
    static final String REGENERATE = "coditect.regenerate-reference";
    private static final String HEADER = """
            # GENERATED from WorkspaceHeadlessService.desired() and WorkspaceStatefulSet.desired() with the
            # default settings (microprofile-config.properties) by ReferenceManifestTest, which fails when this
            # file differs: do not edit it, regenerate it (docs/deployment.md, "Workspace pods").
            #
            # For reference only, never applied: one workspace, ws-0123456789ab of user alice, as the gateway
            # creates it through fabric8. The id names the StatefulSet, its headless Service and so the agent's
            # address, ws-0123456789ab-0.ws-0123456789ab.<namespace>.svc:8080. The Role in k8s/base grants the
            # gateway what it takes to create, patch, watch and delete these. The agent accepts only requests
            # that carry a gateway's service credential, checked against the gateways' public keys in the Secret
            # coditect-agent-trusted-keys (docs/deployment.md, "Gateway and agent keys").
            """;

    @Test
    void reference_isTheSerializedDesiredObjects_ofTheSampleWorkspace() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as(REFERENCE + " is out of date: regenerate it with -D" + REGENERATE + "=true and review the diff")
                .isEqualTo(generated);
    }

    static String generate() {
        Workspace workspace = SampleWorkspace.workspace();
        KubernetesSettings settings = SampleWorkspace.defaultSettings();
        KubernetesSerialization serialization = new KubernetesSerialization();
        return HEADER
                + serialization.asYaml(WorkspaceHeadlessService.desired(workspace, settings))
                + serialization.asYaml(WorkspaceStatefulSet.desired(workspace, settings));
    }
}
