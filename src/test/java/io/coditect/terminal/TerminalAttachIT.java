package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Terminals through the real attach WebSocket, with real bash. Commands compute their answers
 * ({@code $((...))}) so that the echo of the typed line never matches what a test waits for.
 */
@ExtendWith(ArquillianExtension.class)
class TerminalAttachIT {
    private final String ALICE = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void attach_command_attachedEventThenOutput() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            JsonObject attached = socket.attached();
            socket.type("echo $((6*7))\r");

            socket.awaitText("42");
            assertThat(attached.getJsonNumber("offset").longValue()).isZero();
            assertThat(attached.getBoolean("truncated")).isFalse();
            assertThat(socket.events().get(0).getString("type")).isEqualTo("attached");
        }
    }

    @Test
    void input_tenWritesInARow_allAnswered() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            for (int i = 0; i < 10; i++) {
                socket.type("echo w$((" + i + "+100))\r");
            }

            socket.awaitText("w109");
            for (int i = 0; i < 10; i++) {
                assertThat(socket.text()).contains("w" + (100 + i));
            }
        }
    }

    @Test
    void attach_tenConcurrentTerminals_eachSeesOnlyItsOwnOutput() throws Exception {
        String workspace = Terminals.workspace(ALICE);
        List<String> terminals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            terminals.add(Terminals.bash(ALICE, workspace));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<String>> outputs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                Callable<String> session = () -> {
                    try (TerminalSocket socket = TerminalSocket.attach(workspace, terminals.get(n), ALICE, "")) {
                        socket.attached();
                        socket.type("echo mark-$((" + n + "+7000))-$((" + n + "*" + n + "))\r");
                        return socket.awaitText("mark-" + (n + 7000) + "-" + (n * n));
                    }
                };
                outputs.add(pool.submit(session));
            }

            for (int i = 0; i < 10; i++) {
                String output = outputs.get(i).get();
                Matcher marks = Pattern.compile("mark-(\\d+)-").matcher(output);
                while (marks.find()) {
                    assertThat(Integer.parseInt(marks.group(1))).isEqualTo(7000 + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resize_control_reachesThePty() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.resize(123, 45);
            socket.type("stty size; echo done-$((1+1))\r");

            socket.awaitText("done-2");
            assertThat(socket.text()).contains("45 123");
            JsonObject view = Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json();
            assertThat(view.getInt("cols")).isEqualTo(123);
            assertThat(view.getInt("rows")).isEqualTo(45);
        }
    }

    @Test
    void exit_shellExits_exitEventWithCodeThenNormalClose() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.type("echo bye-$((2+2)); exit 3\r");

            JsonObject exit = socket.awaitEvent("exit");
            assertThat(exit.getInt("code")).isEqualTo(3);
            assertThat(socket.awaitClose()).isEqualTo(1000);
            assertThat(socket.text()).contains("bye-4");
        }
        JsonObject view = Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json();
        assertThat(view.getString("status")).isEqualTo("exited");
        assertThat(view.getInt("exitCode")).isEqualTo(3);

        try (TerminalSocket late = TerminalSocket.attach(workspace, terminal, ALICE, "?offset=0")) {
            assertThat(late.awaitEvent("exit").getInt("code")).isEqualTo(3);
            assertThat(late.text()).contains("bye-4");
        }
    }

    @Test
    void reattach_atOffsetMidStream_continuesExactly() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);
        byte[] first;
        long firstStart;
        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            firstStart = socket.attached().getJsonNumber("offset").longValue();
            // The shell waits in `read` half-way, so nothing moves while the client is away.
            socket.type("stty -echo; seq 1 20000; read x; seq 20001 40000; echo end-$((3*3))\r");
            socket.awaitText("\n20000\r\n");
            first = socket.bytes();
        }
        long resumeAt = firstStart + first.length - 50_000;

        try (TerminalSocket again = TerminalSocket.attach(workspace, terminal, ALICE, "?offset=" + resumeAt)) {
            JsonObject attached = again.attached();
            assertThat(attached.getJsonNumber("offset").longValue()).isEqualTo(resumeAt);
            assertThat(attached.getBoolean("truncated")).isFalse();
            await().atMost(Duration.ofSeconds(30)).until(() -> again.bytes().length >= 50_000);
            again.type("\r");
            again.awaitText("end-9");

            byte[] second = again.bytes();
            byte[] replayed = Arrays.copyOfRange(second, 0, 50_000);
            assertThat(replayed).isEqualTo(Arrays.copyOfRange(first, first.length - 50_000, first.length));
            String whole = new String(first, 0, first.length - 50_000, StandardCharsets.UTF_8)
                    + new String(second, StandardCharsets.UTF_8);
            assertThat(numbers(whole)).isEqualTo(expectedNumbers(40_000));
        }
    }

    @Test
    void attach_withoutOffsetAfterRingOverflow_truncatedFromRingStart() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);
        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.type("seq 1 100000; echo end-$((5*5))\r");
            socket.awaitText("end-25");
        }
        JsonObject view = Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json();

        try (TerminalSocket late = TerminalSocket.attach(workspace, terminal, ALICE, "?offset=0")) {
            JsonObject attached = late.attached();
            assertThat(attached.getBoolean("truncated")).isTrue();
            assertThat(attached.getJsonNumber("offset").longValue()).isEqualTo(view.getJsonNumber("ringStart").longValue());
            late.awaitText("end-25");
        }
        // Without an offset at all (the name's case, which the attach above does not take): the
        // replay starts at ringStart too, and says that what came before is gone.
        try (TerminalSocket fresh = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            JsonObject attached = fresh.attached();
            assertThat(attached.getBoolean("truncated")).as("an attach without offset after the ring overflowed").isTrue();
            assertThat(attached.getJsonNumber("offset").longValue()).isEqualTo(view.getJsonNumber("ringStart").longValue());
            fresh.awaitText("end-25");
        }
    }

    @Test
    void attach_twoClients_bothSeeOutputAndEitherCanType() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket one = TerminalSocket.attach(workspace, terminal, ALICE, "");
                TerminalSocket two = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            one.attached();
            two.attached();
            one.type("echo from-one-$((1+1))\r");
            one.awaitText("from-one-2");
            two.awaitText("from-one-2");
            two.type("echo from-two-$((2+2))\r");
            one.awaitText("from-two-4");
            two.awaitText("from-two-4");
            assertThat(Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json().getInt("clients")).isEqualTo(2);

            one.close();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json().getInt("clients") == 1);
            two.type("echo still-$((3+3))\r");
            two.awaitText("still-6");
        }
    }

    @Test
    void frames_malformedUnknownAndInvalid_errorEventsAndSessionGoesOn() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.control("this is not json");
            socket.control("{\"type\":\"dance\"}");
            socket.control("{\"type\":\"resize\",\"cols\":0,\"rows\":24}");
            socket.control("[1,2,3]");

            List<String> codes = List.of("malformed_control", "unknown_control", "invalid_size");
            for (String code : codes) {
                socket.awaitEvent(event -> event.getString("type").equals("error") && event.getString("error").equals(code));
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    socket.events().stream().filter(e -> e.getString("type").equals("error")).count() == 4);
            socket.type("echo alive-$((4+4))\r");
            socket.awaitText("alive-8");
        }
    }

    @Test
    void frames_oversizedBinary_closedWithTooBigOthersUnaffected() {
        String workspace = Terminals.workspace(ALICE);
        String big = Terminals.bash(ALICE, workspace);
        String other = Terminals.bash(ALICE, workspace);

        try (TerminalSocket bystander = TerminalSocket.attach(workspace, other, ALICE, "");
                TerminalSocket offender = TerminalSocket.attach(workspace, big, ALICE, "")) {
            bystander.attached();
            offender.attached();
            offender.send(new byte[70_000]);

            assertThat(offender.awaitClose()).isEqualTo(1009);
            bystander.type("echo fine-$((5+5))\r");
            bystander.awaitText("fine-10");
        }
        try (TerminalSocket back = TerminalSocket.attach(workspace, big, ALICE, "")) {
            back.attached();
            back.type("echo back-$((6+6))\r");
            back.awaitText("back-12");
        }
    }

    @Test
    void keepalive_quietClient_pingedAndStillAttached() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();

            await().atMost(Duration.ofSeconds(30)).until(() -> socket.pings() >= 2);
            socket.type("echo after-pings-$((6+7))\r");
            socket.awaitText("after-pings-13");
        }
    }

    @Test
    void input_overTheRate_droppedWithErrorEvent() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.type("stty -echo -icanon; cat > /dev/null\r");
            byte[] frame = new byte[60_000];
            Arrays.fill(frame, (byte) 'x');
            for (int i = 0; i < 25; i++) {
                socket.send(frame);
            }

            // The burst may also fill the terminal's input queue first (input_overflow): the rate
            // limit's own refusal is the one this test is about.
            JsonObject error = socket.awaitEvent(event -> event.getString("type").equals("error")
                    && event.getString("error").equals("input_rate_exceeded"));
            assertThat(error.getString("message")).contains("bytes per second was dropped");
            assertThat(socket.isClosed()).isFalse();
        }
    }

    private static List<Integer> numbers(String output) {
        List<Integer> numbers = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^(\\d+)\\r\\n").matcher(output);
        while (line.find()) {
            numbers.add(Integer.parseInt(line.group(1)));
        }
        return numbers;
    }

    private static List<Integer> expectedNumbers(int last) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= last; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
