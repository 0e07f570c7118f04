package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodNamespaceConfigSourceTest {
    @TempDir
    Path directory;

    @Test
    void podNamespaceFromTheDownwardApi_winsOverTheServiceAccountFile() throws IOException {
        Path file = Files.writeString(directory.resolve("namespace"), "from-file");

        PodNamespaceConfigSource source = new PodNamespaceConfigSource(Map.of("POD_NAMESPACE", "team-a"), file);

        assertThat(source.getValue("coditect.kubernetes.namespace")).isEqualTo("team-a");
        assertThat(source.getPropertyNames()).containsExactly("coditect.kubernetes.namespace");
    }

    @Test
    void noEnvironment_theServiceAccountsNamespaceFile() throws IOException {
        Path file = Files.writeString(directory.resolve("namespace"), "team-b\n");

        assertThat(new PodNamespaceConfigSource(Map.of(), file).getValue("coditect.kubernetes.namespace"))
                .isEqualTo("team-b");
    }

    @Test
    void notInAPod_offersNothing_soTheDefaultApplies() {
        PodNamespaceConfigSource source = new PodNamespaceConfigSource(Map.of("POD_NAMESPACE", " "),
                directory.resolve("missing"));

        assertThat(source.getValue("coditect.kubernetes.namespace")).isNull();
        assertThat(source.getPropertyNames()).isEmpty();
    }

    @Test
    void ordinal_aboveTheBuiltInDefaults_belowEnvironmentAndSystemProperties() {
        PodNamespaceConfigSource source = new PodNamespaceConfigSource(Map.of("POD_NAMESPACE", "x"), directory);

        assertThat(source.getOrdinal()).isGreaterThan(100).isLessThan(300);
        assertThat(source.getValue("coditect.other")).isNull();
    }
}
