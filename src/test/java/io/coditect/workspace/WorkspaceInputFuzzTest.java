package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.platform.error.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Fuzzing of workspace names and ids from clients: the stated form or a 400, nothing else. Tries: {@code -Dfuzz.tries}. */
class WorkspaceInputFuzzTest {
    @Property
    void name_anyString_validOr400(@ForAll("names") String name) {
        try {
            assertThat(WorkspaceNames.validate(name)).isEqualTo(name).hasSizeBetween(1, 64);
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("invalid_name");
        }
    }

    @Property
    void id_onlyItsOwnForm(@ForAll("ids") String id) {
        assertThat(WorkspaceIds.isWellFormed(id)).isEqualTo(id.matches("ws-[a-z0-9]{12}"));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().alpha().numeric().withChars(' ', '-', '_', '.', '/', '<').ofMaxLength(70));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', 'A', '/', '.').ofLength(12).map(s -> "ws-" + s));
    }
}
