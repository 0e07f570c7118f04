package io.coditect.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerAuthenticationTest {
    @Test
    void bearerToken_bearerScheme_tokenWithoutSpaces() {
        assertThat(BearerAuthentication.bearerToken("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(BearerAuthentication.bearerToken("bearer  abc.def.ghi ")).isEqualTo("abc.def.ghi");
    }

    @Test
    void bearerToken_noneOrOtherScheme_null() {
        assertThat(BearerAuthentication.bearerToken(null)).isNull();
        assertThat(BearerAuthentication.bearerToken("Basic dXNlcjpwYXNz")).isNull();
        assertThat(BearerAuthentication.bearerToken("Bearer")).isNull();
    }
}
