package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class WorkspaceApiIT {
    private static final String ALICE = TestIdentityProvider.token("alice");
    private static final String BOB = TestIdentityProvider.token("bob");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void create_validName_runningWithDirectory() {
        Api.Reply reply = Api.post("/api/v1/workspaces", ALICE, "{\"name\":\"my project\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject workspace = reply.json();
        assertThat(workspace.getString("id")).matches("ws-[a-z0-9]{12}");
        assertThat(workspace.getString("name")).isEqualTo("my project");
        assertThat(workspace.getString("owner")).isEqualTo("alice");
        assertThat(workspace.getString("status")).isEqualTo("running");
        assertThat(reply.header("Location")).endsWith("/api/v1/workspaces/" + workspace.getString("id"));
        assertThat(Path.of(System.getProperty("coditect.it.data-dir"), "workspaces", workspace.getString("id")))
                .isDirectory();
    }

    @Test
    void create_invalidName_badRequest() {
        Api.Reply reply = Api.post("/api/v1/workspaces", ALICE, "{\"name\":\"rm -rf /;\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getString("error")).isEqualTo("invalid_name");
    }

    @Test
    void get_otherUsersWorkspace_notFoundLikeMissing() {
        String id = Api.post("/api/v1/workspaces", ALICE, "{\"name\":\"private\"}").json().getString("id");

        Api.Reply asBob = Api.get("/api/v1/workspaces/" + id, BOB);
        Api.Reply missing = Api.get("/api/v1/workspaces/ws-000000000000", BOB);

        assertThat(asBob.status()).isEqualTo(404);
        assertThat(asBob.json().getString("error")).isEqualTo(missing.json().getString("error"));
        assertThat(Api.get("/api/v1/workspaces", BOB).body()).doesNotContain(id);
    }

    @Test
    void delete_ownWorkspace_goneWithDirectory() throws Exception {
        String id = Api.post("/api/v1/workspaces", ALICE, "{\"name\":\"short-lived\"}").json().getString("id");
        Path directory = Path.of(System.getProperty("coditect.it.data-dir"), "workspaces", id);
        Files.writeString(directory.resolve("notes.txt"), "bye");

        assertThat(Api.delete("/api/v1/workspaces/" + id, BOB).status()).isEqualTo(404);
        assertThat(Api.delete("/api/v1/workspaces/" + id, ALICE).status()).isEqualTo(204);

        assertThat(Api.get("/api/v1/workspaces/" + id, ALICE).status()).isEqualTo(404);
        assertThat(directory).doesNotExist();
    }
}
