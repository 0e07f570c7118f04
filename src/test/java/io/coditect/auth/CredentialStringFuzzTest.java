package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.terminal.attach.AttachTickets;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of the credential strings a client or a gateway presents: attach tickets and service
 * credentials. Anything but a genuine one is simply refused (empty), never an exception, and a
 * forged one never names a user. Tries: {@code -Dfuzz.tries}.
 */
class CredentialStringFuzzTest {
    private static final String WORKSPACE = "ws-aaaaaaaaaaaa";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final List<PublicKey> TRUSTED = List.of(ecKeys().getPublic());

    private final AttachTickets tickets = new AttachTickets(Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

    @Property
    void ticket_anyStringButAnIssuedOne_refused(@ForAll("ticketLike") String ticket) {
        tickets.issue(new Caller("alice", java.util.Set.of("user")), WORKSPACE, "t-aaaaaaaaaaaa");

        assertThat(tickets.redeem(ticket, WORKSPACE, "t-aaaaaaaaaaaa")).isEmpty();
    }

    @Property
    void serviceCredential_anyForgedString_refused(@ForAll("tokenLike") String token) {
        assertThat(ServiceCredentials.verify(token, TRUSTED, WORKSPACE, NOW)).isEmpty();
    }

    @Provide
    Arbitrary<String> ticketLike() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars('-', '_').ofLength(43));
    }

    @Provide
    Arbitrary<String> tokenLike() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(CredentialStringFuzzTest::base64),
                Arbitraries.of("{\"alg\":\"none\"}", "{\"alg\":\"ES256\",\"typ\":\"coditect-agent+jwt\"}",
                        "{\"alg\":\"HS256\",\"typ\":\"coditect-agent+jwt\"}",
                        "{\"iss\":\"coditect-gateway\",\"aud\":\"ws-aaaaaaaaaaaa\",\"sub\":\"mallory\",\"iat\":1796126400,"
                                + "\"exp\":1796126460}").map(CredentialStringFuzzTest::base64),
                Arbitraries.strings().withChars("abc.=-_+/").ofMaxLength(20));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Combinators.combine(part, part, part).as((h, p, s) -> h + "." + p + "." + s),
                Combinators.combine(part, part).as((h, p) -> h + "." + p + "."));
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
