package io.coditect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Chromium;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import io.coditect.testing.DroppingProxy;
import io.coditect.testing.TestIdentityProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;

/**
 * The browser client in a real headless Chromium, on a server configured like
 * {@code ./mvnw liberty:run} (so sign-in goes through the development issuer). The browser reaches
 * the server through a {@link DroppingProxy}, which can drop every connection like a network does.
 * Skipped, with the reason printed, where Chromium and its ChromeDriver are not installed.
 */
@ExtendWith(ArquillianExtension.class)
class BrowserClientDevServerIT {
    private final String user = TestIdentityProvider.uniqueUser("browser");
    private DevServerBrowser browser;
    private DroppingProxy proxy;
    private ClientPage page;
    private String token;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @BeforeEach
    void startBrowser() {
        browser = DevServerBrowser.start();
        proxy = browser.proxy();
        page = browser.page();
        token = DevTokens.token(user);
    }

    @AfterEach
    void stopBrowser(TestInfo test) {
        if (browser != null) {
            browser.close(DevServerBrowser.shotOf(test, ""));
        }
    }

    @Test
    void page_signInWorkspaceTerminal_typesResizesReattachesCopiesAndManagesWorkspaces() {
        // Without the printed sign-in link, the page says to open it and issues no token.
        page.open();
        page.waitForSignInLinkNeeded();
        String secret = DevTokens.signInSecret();
        page.openSignInLink(secret);
        page.signIn(user);
        assertThat(page.currentUrl()).as("the secret leaves the address bar").doesNotContain(secret);
        String workspaceId = page.createWorkspace("browser test");
        page.clickWorkspaceAction(workspaceId, "open");
        String terminalId = page.newTerminal();
        page.focusTerminal();

        page.run("echo hello-$((6*7))");
        page.waitForLine("hello-42");
        // A reload keeps the sign-in (this tab's session) and attaches the workspace's terminals again.
        page.reload();
        page.waitForConnectionState("connected");
        page.waitForLine("hello-42");
        page.focusTerminal();

        int[] first = page.terminalSize(1);
        assertThat(first).as("rows and columns the shell has").containsExactly(page.renderedRows(), renderedColumns(1));
        page.resizeWindow(960, 560);
        page.waitFor(driver -> page.renderedRows() < first[0] ? Boolean.TRUE : null);
        int[] second = page.terminalSize(2);
        assertThat(second).as("rows and columns after the window shrank").containsExactly(page.renderedRows(), renderedColumns(2));
        assertThat(second[0]).as("rows after the window shrank").isLessThan(first[0]);
        assertThat(second[1]).as("columns after the window shrank").isLessThan(first[1]);

        dropConnection_reattachesFromItsOffset(workspaceId, terminalId);
        flood_tabStaysResponsiveAndInterruptible();

        page.run("clear");
        page.run("echo copy-source-4711");
        page.waitForLine("copy-source-4711");
        page.doubleClickText("copy-source-4711");
        page.chord(Keys.CONTROL, Keys.SHIFT, "c");
        page.type("echo pasted-");
        page.chord(Keys.CONTROL, Keys.SHIFT, "v");
        page.type(Keys.ENTER);
        page.waitForLine("pasted-copy-source-4711");
        page.screenshot(DevServerBrowser.ARTIFACTS.resolve("working-page.png"));

        String another = page.newTerminal();
        assertThat(Api.delete(terminalPath(workspaceId, another), token).status()).isEqualTo(204);
        page.waitForConnectionState("closed");

        page.backToWorkspaces();
        page.clickWorkspaceAction(workspaceId, "stop");
        page.waitForWorkspaceStatus(workspaceId, "stopped");
        page.clickWorkspaceAction(workspaceId, "start");
        page.waitForWorkspaceStatus(workspaceId, "running");
        page.clickWorkspaceAction(workspaceId, "delete");
        page.acceptConfirmation();
        page.waitFor(driver -> page.workspaceListed(workspaceId) ? null : Boolean.TRUE);
        assertThat(Api.get("/api/v1/workspaces/" + workspaceId, token).status()).isEqualTo(404);
    }

    @Test
    void page_browserWithoutWebSocketStream_plainWebSocketReattachesAndSurvivesAFlood() {
        // As in a browser that lacks WebSocketStream (Firefox, Safari): the page falls back to WebSocket.
        browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "delete window.WebSocketStream;"));
        page.openSignInLink(DevTokens.signInSecret());
        page.signIn(user);
        assertThat(page.script("return typeof WebSocketStream;")).isEqualTo("undefined");
        String workspaceId = page.createWorkspace("plain websocket");
        page.clickWorkspaceAction(workspaceId, "open");
        String terminalId = page.newTerminal();
        page.focusTerminal();

        page.run("echo plain-$((6*7))");
        page.waitForLine("plain-42");
        dropConnection_reattachesFromItsOffset(workspaceId, terminalId);
        flood_tabStaysResponsiveAndInterruptible();

        page.run("exit 3");
        page.waitForConnectionState("exited");
        assertThat(page.connectionText()).contains("exited with code 3");
    }

    /**
     * The columns the page renders: a line longer than any row, printed by the shell, wraps after
     * exactly that many characters.
     */
    private int renderedColumns(int marker) {
        page.run("printf 'wrap" + marker + "-%0400d\\n' 0");
        String row = page.waitForLineMatching("wrap" + marker + "-0+");
        assertThat(row.length()).as("a wrapped row is shorter than the line printed").isLessThan(406);
        return row.length();
    }

    /**
     * Starts a command whose output comes while the page is cut off (every connection reset, new ones
     * refused), then lets the page back in: it re-attaches from its offset (the attach request the
     * proxy saw asks for exactly the bytes the page had) and shows that output exactly once, with
     * nothing of the earlier output repeated (no {@code clear} first: a re-attach from 0 would
     * show the earlier lines twice).
     */
    private void dropConnection_reattachesFromItsOffset(String workspaceId, String terminalId) {
        String marker = "before-cut-" + System.nanoTime();
        page.run("echo " + marker);
        page.waitForLine(marker);
        String command = "sleep 4; for i in 1 2 3 4 5; do echo after-cut-$i; done";
        page.type(command);
        page.waitFor(driver -> page.screen().stream().anyMatch(line -> line.endsWith(command)) ? Boolean.TRUE : null);
        long beforeEnter = terminalOffset(workspaceId, terminalId);
        page.type(Keys.ENTER);
        // The shell has the Enter once it echoed the new line; the sleep leaves time to cut.
        await().atMost(Duration.ofSeconds(10)).until(() -> terminalOffset(workspaceId, terminalId) > beforeEnter);
        long echoed = settledOffset(workspaceId, terminalId);
        int connections = proxy.connectionsAccepted();
        int requests = proxy.requestTargets().size();

        proxy.refuse(true);
        proxy.cutAll();
        page.waitForConnectionState("reconnecting");
        long printed = echoed + 5L * "after-cut-1\r\n".length();
        await().atMost(Duration.ofSeconds(30)).until(() -> terminalOffset(workspaceId, terminalId) >= printed);
        assertThat(page.linesEqualTo("after-cut-1")).as("output printed while the page was cut off").isZero();
        proxy.refuse(false);

        page.waitForLine("after-cut-5");
        page.waitForConnectionState("connected");
        assertThat(proxy.connectionsAccepted()).isGreaterThan(connections);
        // The page had every byte up to the command's echo (it showed it), and at most the new line
        // after it, when the connection was cut: it asks for exactly the bytes after those.
        List<Long> reattachOffsets = proxy.requestTargets().subList(requests, proxy.requestTargets().size()).stream()
                .filter(target -> target.contains("/terminals/" + terminalId + "/attach"))
                .map(BrowserClientDevServerIT::offsetOf).toList();
        assertThat(reattachOffsets).as("offsets of the re-attaches after the cut").isNotEmpty()
                .allSatisfy(offset -> assertThat(offset).isBetween(beforeEnter, echoed));
        List<String> screen = page.screen();
        List<Integer> positions = IntStream.rangeClosed(1, 5).mapToObj(i -> screen.indexOf("after-cut-" + i)).toList();
        assertThat(positions).doesNotContain(-1).isSorted();
        for (int i = 1; i <= 5; i++) {
            assertThat(page.linesEqualTo("after-cut-" + i)).as("after-cut-" + i).isEqualTo(1);
        }
        assertThat(page.linesEqualTo(marker)).as("output from before the cut, not replayed").isEqualTo(1);
        assertThat(screen.stream().filter(line -> line.endsWith(command))).as("the command line, not replayed twice").hasSize(1);
    }

    /** The terminal's offset once it stayed the same for 300 ms. */
    private long settledOffset(String workspaceId, String terminalId) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = terminalOffset(workspaceId, terminalId);
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    /** The {@code offset} an attach request asked for (none: 0, the whole ring). */
    private static long offsetOf(String requestTarget) {
        Matcher offset = Pattern.compile("[?&]offset=(\\d+)").matcher(requestTarget);
        return offset.find() ? Long.parseLong(offset.group(1)) : 0;
    }

    /**
     * An endless flood of output: the tab keeps taking keys, Ctrl+C reaches the shell, and the next
     * command's output appears once the flood's tail has drained.
     */
    private void flood_tabStaysResponsiveAndInterruptible() {
        page.run("yes coditect-flood");
        page.waitFor(driver -> page.linesEqualTo("coditect-flood") >= 10 ? Boolean.TRUE : null);
        page.chord(Keys.CONTROL, null, "c");
        page.run("echo flood-over-$((40+2))");
        page.waitForLine("flood-over-42");
        page.waitForConnectionState("connected");
    }

    private long terminalOffset(String workspaceId, String terminalId) {
        Api.Reply reply = Api.get(terminalPath(workspaceId, terminalId), token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonNumber("offset").longValue();
    }

    private static String terminalPath(String workspaceId, String terminalId) {
        return "/api/v1/workspaces/" + workspaceId + "/terminals/" + terminalId;
    }
}
