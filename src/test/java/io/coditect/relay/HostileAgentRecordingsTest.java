package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.coditect.platform.error.ApiException;
import io.coditect.recording.RecordingInfo;
import io.coditect.recording.Recordings;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's recording calls ({@link RemoteRecordings}) to an agent that misbehaves, against a
 * real HTTP server on loopback playing the agent: ids are checked before any URL is made, answers
 * out of shape, endless or stalled are {@code 503 agent_unavailable}, a download must state its
 * type and length, and a stopped workspace is refused without asking the agent. (The
 * {@code @Timeout}s are hang guards, not measurements.)
 */
@Timeout(30)
class HostileAgentRecordingsTest {
    private static final String WS = "ws-aaaaaaaaaaaa";
    private static final String ID = "rec-1764745200000-0a1b2c3d";
    private static final String DESCRIPTION = "{\"id\":\"" + ID + "\",\"workspace\":\"" + WS + "\",\"terminal\":\"t-aaaaaaaaaaaa\","
            + "\"startedAt\":\"2026-12-03T07:00:00Z\",\"endedAt\":null,\"cols\":80,\"rows\":24,\"input\":false,"
            + "\"bytes\":10,\"unrecordedBytes\":0}";

    private FakeAgent agent;
    private AgentClient client;
    private RemoteRecordings recordings;
    private volatile FakeAgent.Behaviour behaviour;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent(exchange -> behaviour.answer(exchange));
        client = agent.client();
        recordings = new RemoteRecordings(client, new WorkspaceOwners() {
            @Override
            public String of(String workspaceId) {
                return "alice";
            }
        });
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static Workspace workspace(WorkspaceStatus status) {
        Instant now = Instant.parse("2026-12-03T07:00:00Z");
        return new Workspace(WS, "w", "alice", status, null, null, now, now, now);
    }

    private static void answer(HttpExchange exchange, int status, String type, long declared, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, declared);
        exchange.getResponseBody().write(bytes);
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("agent_unavailable");
        });
    }

    private static String downloaded(Recordings.Download download) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        download.body().write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void malformedRecordingIds_refusedBeforeAnyUrlIsMade() {
        for (String id : new String[] {"../x", "rec-../../etc", "rec-1764745200000-0A1B2C3D", ID + "/../x", ID + "?a=1", ""}) {
            assertThat(recordings.find(workspace(WorkspaceStatus.RUNNING), id)).as(id).isEmpty();
            assertThatThrownBy(() -> client.recordingUri(WS, id)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo("recording_not_found"));
        }
        assertThat(agent.requests()).isZero();
    }

    @Test
    void stoppedWorkspace_conflict_withoutAskingTheAgent() {
        assertThatThrownBy(() -> recordings.list(workspace(WorkspaceStatus.STOPPED), 100))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("workspace_not_running"));
        assertThat(agent.requests()).isZero();
    }

    @Test
    void descriptionsOutOfShapeEndlessOrStalled_unavailable() {
        Workspace running = workspace(WorkspaceStatus.RUNNING);
        behaviour = exchange -> answer(exchange, 200, "application/json", 0, "{\"recordings\":[" + DESCRIPTION.replace(WS,
                "ws-bbbbbbbbbbbb") + "]}");
        assertUnavailable(() -> recordings.list(running, 100));
        behaviour = exchange -> answer(exchange, 200, "application/json", 0, "{\"recordings\":null}");
        assertUnavailable(() -> recordings.list(running, 100));
        behaviour = exchange -> answer(exchange, 200, "application/json", 0,
                "{\"recordings\":[" + DESCRIPTION + "," + DESCRIPTION + "]}");
        assertUnavailable(() -> recordings.list(running, 1));
        behaviour = exchange -> answer(exchange, 200, "application/json", 0, DESCRIPTION.replace(ID, "rec-1764745200000-ffffffff"));
        assertUnavailable(() -> recordings.find(running, ID));
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 1024; i++) {
                out.write(chunk);
            }
        };
        assertUnavailable(() -> recordings.list(running, 100));
        behaviour = exchange -> {
            answer(exchange, 200, "application/json", 1000, "{\"recordings\":[");
            exchange.getResponseBody().flush();
            sleep(20_000);
        };
        assertUnavailable(() -> recordings.list(running, 100));

        behaviour = exchange -> answer(exchange, 200, "application/json", 0, "{\"recordings\":[" + DESCRIPTION + "]}");
        assertThat(recordings.list(running, 100)).extracting(RecordingInfo::id).containsExactly(ID);
        behaviour = exchange -> answer(exchange, 404, "application/json", 0,
                "{\"error\":\"recording_not_found\",\"message\":\"no\"}");
        assertThat(recordings.find(running, ID)).isEmpty();
    }

    @Test
    void download_needsItsTypeAndLength_andStreamsThatLength() throws IOException {
        Workspace running = workspace(WorkspaceStatus.RUNNING);
        behaviour = exchange -> answer(exchange, 200, "application/json", 0, "{\"recordings\":[" + DESCRIPTION + "]}");
        RecordingInfo found = recordings.list(running, 100).getFirst();

        behaviour = exchange -> answer(exchange, 200, "text/html", 5, "<html");
        assertUnavailable(() -> recordings.download(running, found));
        behaviour = exchange -> answer(exchange, 200, "application/x-asciicast", 0, "chunked, no length");
        assertUnavailable(() -> recordings.download(running, found));
        behaviour = exchange -> answer(exchange, 404, "application/json", 0, "{\"error\":\"recording_not_found\",\"message\":\"gone\"}");
        assertThatThrownBy(() -> recordings.download(running, found)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("recording_not_found"));

        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-asciicast");
            exchange.sendResponseHeaders(200, 10);
            exchange.getResponseBody().write("0123456789".getBytes(StandardCharsets.UTF_8));
        };
        Recordings.Download download = recordings.download(running, found);
        assertThat(download.length()).isEqualTo(10);
        assertThat(downloaded(download)).isEqualTo("0123456789");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
