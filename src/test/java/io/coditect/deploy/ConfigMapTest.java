package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's ConfigMap sets only settings the application has (docs/configuration.md). */
class ConfigMapTest {
    @Test
    void configKeys_includeTheDefaultsAndTheStandardJwtKeys() {
        assertThat(ConfigKeys.all()).contains("coditect.role", "coditect.store", "mp.jwt.verify.issuer",
                "mp.jwt.verify.publickey.location");
    }

    @Test
    void baseConfigMapKeys_areEnvironmentNamesOfRealSettings() {
        ConfigMap config = Manifests.one("k8s/base", ConfigMap.class, "coditect-gateway");

        assertThat(config.getData()).isNotEmpty();
        assertThat(config.getData().keySet()).allSatisfy(key -> assertThat(ConfigKeys.environmentNames())
                .as("%s is the environment form of no setting in %s", key, ConfigKeys.all())
                .contains(key));
    }

    @Test
    void overlayConfigMapKeys_areEnvironmentNamesOfRealSettings() {
        List<ConfigMap> patches = Manifests.all("k8s/overlays/example", ConfigMap.class);

        assertThat(patches).isNotEmpty();
        assertThat(patches).flatMap(patch -> patch.getData().keySet())
                .allSatisfy(key -> assertThat(ConfigKeys.environmentNames()).contains(key));
    }

    @Test
    void environmentName_mapsAsMicroProfileConfigDoes() {
        assertThat(ConfigKeys.environmentName("coditect.data-dir")).isEqualTo("CODITECT_DATA_DIR");
        assertThat(ConfigKeys.environmentName("mp.jwt.verify.publickey.location"))
                .isEqualTo("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    }

    @Test
    void everyConfigMapSetting_isDocumented() {
        String documented = Project.read("docs/configuration.md") + Project.read("docs/deployment.md");
        List<String> keys = Manifests.under("k8s").stream()
                .filter(manifest -> manifest.resource() instanceof ConfigMap)
                .filter(manifest -> !manifest.file().startsWith(Project.file("k8s/prometheus-adapter")))
                .flatMap(manifest -> ((ConfigMap) manifest.resource()).getData().keySet().stream())
                .toList();

        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(documented).as(key).contains("`" + key + "`"));
    }
}
