package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityProviderTest {
    private final Map<String, String> settings = new HashMap<>();

    @Test
    void fromSettings_clientIdAndVerifyIssuer_providerWithDefaults() {
        settings.put(IdentityProvider.VERIFY_ISSUER, "https://idp.example/realms/coditect");
        settings.put(IdentityProvider.CLIENT_ID, "coditect-web");

        assertThat(provider()).contains(new IdentityProvider("https://idp.example/realms/coditect", "coditect-web",
                "openid profile email", IdentityProvider.ACCESS_TOKEN));
    }

    @Test
    void fromSettings_everythingSet_asSet() {
        settings.put(IdentityProvider.VERIFY_ISSUER, "https://login.example/tenant/v2.0");
        settings.put(IdentityProvider.ISSUER, " https://login.example/tenant/v2.0/ ");
        settings.put(IdentityProvider.CLIENT_ID, "0c0d-web");
        settings.put(IdentityProvider.SCOPES, "openid api://coditect/terminals");
        settings.put(IdentityProvider.TOKEN, "id_token");

        assertThat(provider()).contains(new IdentityProvider("https://login.example/tenant/v2.0/", "0c0d-web",
                "openid api://coditect/terminals", IdentityProvider.ID_TOKEN));
    }

    @Test
    void fromSettings_noClientIdOrNoIssuer_none() {
        assertThat(provider()).isEmpty();
        settings.put(IdentityProvider.CLIENT_ID, "coditect-web");
        assertThat(provider()).as("no issuer").isEmpty();
        settings.put(IdentityProvider.CLIENT_ID, " ");
        settings.put(IdentityProvider.ISSUER, "https://idp.example");
        assertThat(provider()).as("blank client id").isEmpty();
    }

    @Test
    void fromSettings_unknownTokenKind_refusedWithTheKeyName() {
        settings.put(IdentityProvider.TOKEN, "refresh_token");

        assertThatThrownBy(this::provider).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(IdentityProvider.TOKEN);
    }

    @Test
    void authorizedParties_configuredElseClientIdElseNone() {
        assertThat(IdentityProvider.authorizedParties(this::setting)).isEmpty();
        settings.put(IdentityProvider.CLIENT_ID, "coditect-web");
        assertThat(IdentityProvider.authorizedParties(this::setting)).containsExactly("coditect-web");
        settings.put(IdentityProvider.AUTHORIZED_PARTIES, "a, b,,c");
        assertThat(IdentityProvider.authorizedParties(this::setting)).isEqualTo(List.of("a", "b", "c"));
    }

    private Optional<IdentityProvider> provider() {
        return IdentityProvider.fromSettings(this::setting);
    }

    private Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
