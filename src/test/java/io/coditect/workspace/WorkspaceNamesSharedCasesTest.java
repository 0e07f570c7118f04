package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The browser client checks a workspace's name before it asks (src/main/web/src/workspace-names.js):
 * both read the same cases, so the page refuses exactly what the API refuses.
 */
class WorkspaceNamesSharedCasesTest {
    private static final Path CASES = Path.of("src/main/web/test/workspace-name-cases.json");

    @Test
    void validCases_areAccepted() throws IOException {
        for (String name : cases("valid")) {
            assertThat(WorkspaceNames.validate(name)).as(name).isEqualTo(name);
        }
    }

    @Test
    void invalidCases_areRefused() throws IOException {
        for (String name : cases("invalid")) {
            assertThatThrownBy(() -> WorkspaceNames.validate(name)).as(name).isInstanceOf(ApiException.class);
        }
    }

    private static List<String> cases(String kind) throws IOException {
        try (Reader reader = Files.newBufferedReader(CASES)) {
            JsonObject cases = Json.createReader(reader).readObject();
            List<String> names = cases.getJsonArray(kind).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            assertThat(names).as(kind + " cases").isNotEmpty();
            return names;
        }
    }
}
