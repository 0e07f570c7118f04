package io.coditect.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The organisation's OpenID Connect provider that people sign in with, as configured: the browser
 * client runs the Authorization Code flow with PKCE against {@code issuer}'s discovery document as
 * {@code clientId}, asking for {@code scopes}, and sends the token named by {@code token} as its
 * bearer token. The server verifies that token with the standard {@code mp.jwt.verify.*} settings.
 *
 * @param issuer the issuer URL whose {@code /.well-known/openid-configuration} the client reads
 * @param clientId the public client registered at the provider for the browser client
 * @param scopes what the client asks for, space separated (as in the authorization request)
 * @param token {@link #ACCESS_TOKEN} or {@link #ID_TOKEN}: which of the provider's tokens the API takes
 */
public record IdentityProvider(String issuer, String clientId, String scopes, String token) {
    public static final String CLIENT_ID = "coditect.auth.oidc.client-id";
    public static final String ISSUER = "coditect.auth.oidc.issuer";
    public static final String SCOPES = "coditect.auth.oidc.scopes";
    public static final String TOKEN = "coditect.auth.oidc.token";
    public static final String AUTHORIZED_PARTIES = "coditect.auth.authorized-parties";
    /** Origins beyond the issuer's that the page calls, comma separated (Google's token endpoint): {@link PagePolicyFilter}. */
    public static final String EXTRA_ORIGINS = "coditect.auth.oidc.extra-origins";
    /** The issuer the server verifies tokens against: the sign-in issuer's default. */
    static final String VERIFY_ISSUER = "mp.jwt.verify.issuer";
    public static final String ACCESS_TOKEN = "access_token";
    public static final String ID_TOKEN = "id_token";
    static final String DEFAULT_SCOPES = "openid profile email";

    /**
     * The provider that {@code settings} (MicroProfile Config lookups) configure, or empty when
     * none is: no client id, or no issuer.
     *
     * @throws IllegalArgumentException {@link #TOKEN} is neither {@code access_token} nor {@code id_token}
     */
    public static Optional<IdentityProvider> fromSettings(Function<String, Optional<String>> settings) {
        String token = tokenSetting(settings);
        Optional<String> clientId = nonBlank(settings.apply(CLIENT_ID));
        Optional<String> issuer = nonBlank(settings.apply(ISSUER)).or(() -> nonBlank(settings.apply(VERIFY_ISSUER)));
        if (clientId.isEmpty() || issuer.isEmpty()) {
            return Optional.empty();
        }
        String scopes = nonBlank(settings.apply(SCOPES)).orElse(DEFAULT_SCOPES);
        return Optional.of(new IdentityProvider(issuer.get(), clientId.get(), scopes, token));
    }

    /** {@link #TOKEN}: which token the API takes. */
    static String tokenSetting(Function<String, Optional<String>> settings) {
        String token = settings.apply(TOKEN).map(String::strip).orElse(ACCESS_TOKEN);
        if (!token.equals(ACCESS_TOKEN) && !token.equals(ID_TOKEN)) {
            throw new IllegalArgumentException(TOKEN + " must be " + ACCESS_TOKEN + " or " + ID_TOKEN + ", not " + token);
        }
        return token;
    }

    /**
     * The {@code azp} values a token may carry: {@link #AUTHORIZED_PARTIES}, else the sign-in client
     * id; empty (not checked) when neither is set, as without a browser sign-in any client may mint.
     */
    public static List<String> authorizedParties(Function<String, Optional<String>> settings) {
        return settings.apply(AUTHORIZED_PARTIES).map(IdentityProvider::list)
                .orElseGet(() -> nonBlank(settings.apply(CLIENT_ID)).map(List::of).orElse(List.of()));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::strip).filter(text -> !text.isEmpty());
    }
}
