package io.coditect.workspace;

import static io.coditect.workspace.WorkspaceApiIT.create;
import static io.coditect.workspace.WorkspaceApiIT.directoryOf;
import static io.coditect.workspace.WorkspaceApiIT.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Progress events (server-sent events), the time-to-running metric and the idle-stop rule on a
 * real standalone server, whose idle timeout the build sets to 15 s (src/test/liberty/config/server.env).
 */
@ExtendWith(ArquillianExtension.class)
class WorkspaceProgressIT {
    private final String token = TestIdentityProvider.token(user("paula"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void events_stoppedWorkspaceStarted_onePerPhaseThenEnds() throws Exception {
        String id = create(token, "watched");
        Api.post("/api/v1/workspaces/" + id + "/stop", token, null);
        EventStream stream = EventStream.open("/api/v1/workspaces/" + id + "/events", token);
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.events.size() == 1);

        assertThat(Api.post("/api/v1/workspaces/" + id + "/start", token, null).status()).isEqualTo(200);

        stream.ended.get(30, TimeUnit.SECONDS);
        assertThat(stream.events).extracting(e -> e.getString("status"))
                .containsExactly("stopped", "starting", "running");
        assertThat(stream.events).allSatisfy(event -> {
            assertThat(event.getString("id")).isEqualTo(id);
            assertThat(Instant.parse(event.getString("at"))).isBefore(Instant.now().plusSeconds(1));
        });
        assertThat(stream.events.get(2).getString("progress")).isEqualTo("ready");
        assertThat(stream.names).containsOnly("phase");
        assertThat(stream.contentType).startsWith("text/event-stream");
    }

    @Test
    void events_runningWorkspace_oneEventThenEnds() throws Exception {
        String id = create(token, "already up");

        EventStream stream = EventStream.open("/api/v1/workspaces/" + id + "/events", token);

        stream.ended.get(30, TimeUnit.SECONDS);
        assertThat(stream.events).singleElement().satisfies(event -> {
            assertThat(event.getString("status")).isEqualTo("running");
            assertThat(event.getString("progress")).isEqualTo("ready");
        });
    }

    @Test
    void events_unknownWorkspace_jsonNotFound() {
        Api.Reply reply = Api.send(Api.request("/api/v1/workspaces/ws-000000000000/events", token)
                .header("Accept", "text/event-stream").GET());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().getString("error")).isEqualTo("workspace_not_found");
    }

    @Test
    void metrics_workspaceCreated_timeToRunningHistogram() {
        create(token, "timed");

        Api.Reply reply = Api.management().get("/metrics?scope=application", (String) null);

        assertThat(reply.body())
                .containsPattern("(?m)^coditect_workspace_time_to_running_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("(?m)^coditect_workspace_time_to_running_seconds_bucket\\{[^}]*le=\"5\\.0\"");
    }

    @Test
    void idleStop_noTerminalActivity_stoppedWithReasonFilesKept() throws Exception {
        String id = create(token, "forgotten");
        Files.writeString(directoryOf(id).resolve("work.txt"), "unsaved thoughts");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Api.get("/api/v1/workspaces/" + id, token).json().getString("status").equals("stopped"));

        JsonObject workspace = Api.get("/api/v1/workspaces/" + id, token).json();
        assertThat(workspace.getString("reason")).contains("no terminal activity", "PT15S");
        assertThat(directoryOf(id).resolve("work.txt")).hasContent("unsaved thoughts");
        assertThat(Api.management().get("/metrics?scope=application", (String) null).body())
                .containsPattern("(?m)^coditect_workspace_idle_stops_total\\{[^}]*} [1-9]");
    }

    /** A server-sent event stream read on its own thread until the server ends it. */
    private static final class EventStream {
        final List<JsonObject> events = new CopyOnWriteArrayList<>();
        final List<String> names = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        String contentType;

        static EventStream open(String path, String token) throws Exception {
            EventStream stream = new EventStream();
            HttpResponse<Stream<String>> response = Api.client().send(Api.request(path, token)
                    .timeout(Duration.ofSeconds(60)).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            stream.contentType = response.headers().firstValue("Content-Type").orElse("");
            CompletableFuture.runAsync(() -> stream.read(response.body()));
            return stream;
        }

        private void read(Stream<String> lines) {
            try (lines) {
                List<String> data = new ArrayList<>();
                Iterator<String> iterator = lines.iterator();
                while (iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.startsWith("event:")) {
                        names.add(line.substring("event:".length()).strip());
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring("data:".length()).strip());
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        try (var reader = Json.createReader(new StringReader(String.join("\n", data)))) {
                            events.add(reader.readObject());
                        }
                        data.clear();
                    }
                }
                ended.complete(null);
            } catch (RuntimeException e) {
                ended.completeExceptionally(e);
            }
        }
    }
}
