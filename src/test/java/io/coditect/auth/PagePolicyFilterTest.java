package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagePolicyFilterTest {
    private final Map<String, String> settings = new HashMap<>();

    @Test
    void policy_noProvider_onlyThisServer() {
        assertThat(policy()).isEqualTo("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'");
    }

    @Test
    void policy_provider_itsOriginMayBeCalledAndFramed() {
        settings.put(IdentityProvider.CLIENT_ID, "coditect-web");
        settings.put(IdentityProvider.ISSUER, "https://sso.example.com:8443/realms/acme");

        assertThat(policy()).contains("connect-src 'self' https://sso.example.com:8443;")
                .contains("frame-src 'self' https://sso.example.com:8443;")
                .contains("script-src 'self' 'wasm-unsafe-eval';");
    }

    @Test
    void policy_extraOrigins_addedToo() {
        settings.put(IdentityProvider.CLIENT_ID, "id.apps.example");
        settings.put(IdentityProvider.ISSUER, "https://accounts.example.com");
        settings.put(IdentityProvider.EXTRA_ORIGINS, "https://oauth2.example.com/token, https://keys.example.com");

        assertThat(policy()).contains("connect-src 'self' https://accounts.example.com https://oauth2.example.com "
                + "https://keys.example.com;");
    }

    @Test
    void policy_issuerNotAnHttpUrl_refused() {
        settings.put(IdentityProvider.CLIENT_ID, "coditect-web");
        settings.put(IdentityProvider.ISSUER, "javascript:alert(1)");

        assertThatThrownBy(this::policy).isInstanceOf(IllegalArgumentException.class);
    }

    private String policy() {
        return PagePolicyFilter.policy(name -> Optional.ofNullable(settings.get(name)));
    }
}
