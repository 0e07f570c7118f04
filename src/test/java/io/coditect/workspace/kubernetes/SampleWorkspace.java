package io.coditect.workspace.kubernetes;

import io.coditect.recording.RecordingSettings;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** The workspace the reference manifest shows, with the settings the product has by default. */
final class SampleWorkspace {
    static final String ID = "ws-0123456789ab";
    static final String OWNER = "alice";

    private SampleWorkspace() {
    }

    static Workspace workspace() {
        Instant at = Instant.parse("2026-12-01T09:00:00Z");
        return new Workspace(ID, "project", OWNER, WorkspaceStatus.CREATING, null, null, at, at, at);
    }

    /** The defaults of microprofile-config.properties, through the producer that reads them in the server. */
    static KubernetesSettings defaultSettings() {
        Properties defaults = new Properties();
        try (InputStream in = SampleWorkspace.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "coditect.kubernetes.workspace.";
        KubernetesProducer producer = new KubernetesProducer();
        WorkspaceResources resources = producer.resources(
                defaults.getProperty(prefix + "cpu-request"),
                defaults.getProperty(prefix + "memory-request"),
                defaults.getProperty(prefix + "cpu-limit"),
                defaults.getProperty(prefix + "memory-limit"),
                defaults.getProperty(prefix + "ephemeral-storage-request"),
                defaults.getProperty(prefix + "ephemeral-storage-limit"),
                defaults.getProperty(prefix + "tmp-size"),
                defaults.getProperty(prefix + "agent-max-heap"));
        RecordingSettings recording = new RecordingSettings(
                Boolean.parseBoolean(defaults.getProperty(RecordingSettings.ENABLED)),
                Boolean.parseBoolean(defaults.getProperty(RecordingSettings.INPUT)),
                Integer.parseInt(defaults.getProperty(RecordingSettings.RETENTION_DAYS)),
                Integer.parseInt(defaults.getProperty(RecordingSettings.PENDING_BYTES)));
        return KubernetesProducer.workspaceSettings(
                defaults.getProperty("coditect.kubernetes.namespace"),
                defaults.getProperty(prefix + "image"),
                resources,
                defaults.getProperty(prefix + "storage-class"),
                defaults.getProperty(prefix + "storage-size"),
                Optional.ofNullable(defaults.getProperty(prefix + "node-selector")),
                defaults.getProperty(prefix + "trusted-keys-secret"),
                Integer.parseInt(defaults.getProperty("coditect.kubernetes.request-timeout-ms")),
                Integer.parseInt(defaults.getProperty("coditect.kubernetes.request-retries")),
                List.of(recording));
    }
}
