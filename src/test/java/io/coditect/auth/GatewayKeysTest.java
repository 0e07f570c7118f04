package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.ServerRole;
import io.coditect.testing.TestGatewayKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayKeysTest {
    @TempDir
    Path dir;

    @Test
    void trusted_fileChanges_readAgain_soKeysRotateWithoutARestart() throws Exception {
        Path file = dir.resolve("public-keys.pem");
        Files.writeString(file, TestGatewayKeys.publicKeyPem());
        GatewayKeys keys = new GatewayKeys(new ServerRole("agent"), file.toString());
        assertThat(keys.trusted()).hasSize(1);

        Files.writeString(file, TestGatewayKeys.publicKeyPem() + TestGatewayKeys.otherPublicKeyPem());
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(keys.trusted()).hasSize(2);
    }

    @Test
    void trusted_fileBrokenAfterAChange_keepsTheKeysReadBefore() throws Exception {
        Path file = dir.resolve("public-keys.pem");
        Files.writeString(file, TestGatewayKeys.publicKeyPem());
        GatewayKeys keys = new GatewayKeys(new ServerRole("agent"), "file:" + file);
        assertThat(keys.trusted()).hasSize(1);

        Files.delete(file);

        assertThat(keys.trusted()).hasSize(1);
    }

    @Test
    void loadAtStart_agentWithoutKeys_refusesToStart() {
        GatewayKeys keys = new GatewayKeys(new ServerRole("agent"), dir.resolve("missing.pem").toString());

        assertThatThrownBy(() -> keys.loadAtStart(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("coditect.agent.trusted-keys-location");
    }

    @Test
    void loadAtStart_otherRoles_readNothing() {
        new GatewayKeys(new ServerRole("standalone"), dir.resolve("missing.pem").toString()).loadAtStart(null);
        new GatewayKeys(new ServerRole("gateway"), dir.resolve("missing.pem").toString()).loadAtStart(null);
    }
}
