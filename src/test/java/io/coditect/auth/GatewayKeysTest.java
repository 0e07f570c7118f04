package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.ServerRole;
import io.coditect.testing.TestGatewayKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    void loadAtStart_otherRoles_readNothing() throws Exception {
        Path file = dir.resolve("public-keys.pem");
        Files.writeString(file, TestGatewayKeys.publicKeyPem());

        for (String role : List.of("standalone", "gateway")) {
            List<LogRecord> logged = logged(() -> new GatewayKeys(new ServerRole(role), file.toString()).loadAtStart(null));
            assertThat(logged).as("what the %s role logged while starting", role).isEmpty();
        }
        // The same start in the agent role reads the file (and says so), so the silence above means something.
        assertThat(logged(() -> new GatewayKeys(new ServerRole("agent"), file.toString()).loadAtStart(null)))
                .extracting(LogRecord::getMessage).anyMatch(message -> message.startsWith("Read the trusted gateway keys"));
    }

    @Test
    void loadAtStart_otherRoles_missingFile_startAnyway() {
        for (String role : List.of("standalone", "gateway")) {
            GatewayKeys keys = new GatewayKeys(new ServerRole(role), dir.resolve("missing.pem").toString());
            assertThatCode(() -> keys.loadAtStart(null)).as(role).doesNotThrowAnyException();
        }
    }

    /** What GatewayKeys logged while {@code action} ran. */
    private static List<LogRecord> logged(Runnable action) {
        Logger logger = Logger.getLogger(GatewayKeys.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
        return List.copyOf(records);
    }
}
