package io.coditect.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Chromium;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import io.coditect.testing.DroppingProxy;
import io.coditect.testing.TestIdentityProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The workspace page as a product, in a real headless Chromium on a server configured like
 * {@code ./mvnw liberty:run}, reached through a {@link DroppingProxy}: tab names, recovery from a
 * server that went away, a workspace stopped elsewhere, find, links, split view, font size, the
 * system's colours, a phone-sized window and workspace names. Each test leaves a screenshot under
 * target/browser-tests (more for the looks that matter). Skipped, saying why, without Chromium.
 */
@ExtendWith(ArquillianExtension.class)
class WorkspacePageDevServerIT {
    private final String user = TestIdentityProvider.uniqueUser("page");
    private DevServerBrowser browser;
    private DroppingProxy proxy;
    private ClientPage page;
    private WorkspacePage workspace;
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
        workspace = new WorkspacePage(browser.driver(), page);
        token = DevTokens.token(user);
    }

    @AfterEach
    void stopBrowser(TestInfo test) {
        if (browser != null) {
            browser.close(DevServerBrowser.shotOf(test, "page-"));
        }
    }

    @Test
    void tabs_lowestFreeNumber_keptAcrossReloads_renamedReorderedAndTitledByTheShell() {
        openNewWorkspace("tab names");
        page.newTerminal();
        page.newTerminal();
        page.newTerminal();
        workspace.waitForTabLabels(List.of("Terminal 1", "Terminal 2", "Terminal 3"));

        workspace.closeTab("Terminal 1");
        page.newTerminal();
        page.newTerminal();
        workspace.waitForTabLabels(List.of("Terminal 2", "Terminal 3", "Terminal 1", "Terminal 4"));
        page.reload();
        workspace.waitForTabLabels(List.of("Terminal 2", "Terminal 3", "Terminal 1", "Terminal 4"));

        workspace.renameTab("Terminal 3", "build");
        workspace.dragTabBefore("Terminal 4", "Terminal 2");
        workspace.waitForTabLabels(List.of("Terminal 4", "Terminal 2", "build", "Terminal 1"));

        workspace.selectTab("Terminal 1");
        page.waitForConnectionState("connected");
        page.focusTerminal();
        page.run("printf '\\033]0;%s\\007' \"logs-$((40+2))\"");
        workspace.waitForTabLabels(List.of("Terminal 4", "Terminal 2", "build", "logs-42"));
        assertThat(workspace.tabState("logs-42")).isEqualTo("connected");

        page.reload();
        page.waitForConnectionState("connected");
        workspace.waitForTabLabels(List.of("Terminal 4", "Terminal 2", "build", "logs-42"));
        page.screenshot(shot("tabs-after-reload"));
    }

    @Test
    void serverAway_saysSo_reattachesOnItsOwnOnceReady_andOnReconnectNow() {
        openNewWorkspace("recovery");
        page.newTerminal();
        page.focusTerminal();
        page.run("echo before-$((6*7))");
        page.waitForLine("before-42");

        proxy.refuse(true);
        proxy.cutAll();
        page.waitForConnectionState("reconnecting");
        page.waitFor(driver -> page.connectionText().contains("Server restarting, your terminal will come back") ? Boolean.TRUE : null);
        assertThat(page.connectionText()).doesNotContain("Failed to fetch").doesNotContain("Error");
        // Long enough for the page's waits to reach their longest pause.
        pause(Duration.ofSeconds(8));
        page.screenshot(shot("server-away"));

        long readyAt = System.nanoTime();
        proxy.refuse(false);
        page.waitForConnectionState("connected");
        Duration back = Duration.ofNanos(System.nanoTime() - readyAt);
        // A figure to read, not to assert (speed is measured by benchmarks): the page asks
        // /api/v1/ready at least every 1.5 s and re-attaches as soon as it answers.
        System.out.println("Re-attached " + back.toMillis() + " ms after the server answered again (CPU pressure: "
                + cpuPressure() + ")");
        page.focusTerminal();
        page.run("echo after-$((6*7))");
        page.waitForLine("after-42");

        // Reconnect now: the page tries at once instead of waiting for its next look at the server.
        proxy.refuse(true);
        proxy.cutAll();
        page.waitFor(driver -> page.connectionText().contains("Server restarting") ? Boolean.TRUE : null);
        proxy.refuse(false);
        workspace.clickReconnectNow();
        page.waitForConnectionState("connected");
        assertThat(page.connectionText()).startsWith("Connected");
    }

    @Test
    void workspaceStoppedElsewhere_saysSoWithItsName_startsFromThePage_emptyStateOpensATerminal() {
        String id = openNewWorkspace("Grüße stop test");
        page.newTerminal();
        assertThat(workspace.workspaceStatus()).isEqualTo("running");

        Api.Reply stop = Api.post("/api/v1/workspaces/" + id + "/stop", token, null);
        assertThat(stop.status()).as(stop.toString()).isEqualTo(200);
        page.waitForConnectionState("stopped");
        workspace.waitForWorkspaceStatus("stopped");
        assertThat(page.connectionText()).contains("Workspace stopped").doesNotContain(id);
        assertThat(workspace.newTerminalEnabled()).as("+ New terminal in a stopped workspace").isFalse();
        page.screenshot(shot("workspace-stopped"));

        workspace.clickHeadAction("start");
        workspace.waitForWorkspaceStatus("running");
        page.waitFor(driver -> workspace.emptyState().isDisplayed() ? Boolean.TRUE : null);
        assertThat(workspace.emptyState().getText()).contains("No terminal open");
        assertThat(workspace.tabLabels()).as("tabs of terminals the stop ended").isEmpty();
        page.screenshot(shot("workspace-empty"));
        page.waitFor(driver -> workspace.emptyState().findElement(By.className("empty-new-terminal"))).click();
        page.waitForConnectionState("connected");
        workspace.waitForTabLabels(List.of("Terminal 1"));
        page.focusTerminal();
        page.run("echo again-$((6*7))");
        page.waitForLine("again-42");
    }

    @Test
    void search_ctrlShiftF_findsEveryMatchAndSteps() {
        openNewWorkspace("search");
        page.newTerminal();
        page.focusTerminal();
        page.run("for i in 1 2 3; do echo nee\"\"dle-$i; done");
        page.waitForLine("needle-3");

        page.chord(Keys.CONTROL, Keys.SHIFT, "f");
        page.waitFor(driver -> workspace.searchField().isDisplayed() ? Boolean.TRUE : null);
        workspace.searchField().sendKeys("needle");
        page.waitFor(driver -> workspace.searchCount().matches("\\d of 3") ? Boolean.TRUE : null);
        String first = workspace.searchCount();
        workspace.searchField().sendKeys(Keys.ENTER);
        page.waitFor(driver -> workspace.searchCount().matches("\\d of 3") && !workspace.searchCount().equals(first) ? Boolean.TRUE : null);
        page.screenshot(shot("search"));
        workspace.searchField().sendKeys("-nothing");
        page.waitFor(driver -> workspace.searchCount().equals("No matches") ? Boolean.TRUE : null);
        workspace.searchField().sendKeys(Keys.ESCAPE);
        page.waitFor(driver -> workspace.searchField().isDisplayed() ? null : Boolean.TRUE);
        // The keyboard is the terminal's again.
        page.run("echo found-$((6*7))");
        page.waitForLine("found-42");
    }

    @Test
    void links_clickOpensTheAddressInANewTab() {
        openNewWorkspace("links");
        page.newTerminal();
        page.focusTerminal();
        String address = "http://localhost:" + proxy.port() + "/api/v1/ready";
        page.run("echo " + address.replace("http://", "http:\"\"//"));
        page.waitForLine(address);
        Map<String, Number> point = page.textPoint(address);
        assertThat(point).isNotNull();
        String here = browser.driver().getWindowHandle();
        new Actions(browser.driver()).moveToLocation(point.get("x").intValue(), point.get("y").intValue()).pause(Duration.ofMillis(300)).click().perform();
        page.waitFor(driver -> driver.getWindowHandles().size() == 2 ? Boolean.TRUE : null);
        String opened = browser.driver().getWindowHandles().stream().filter(handle -> !handle.equals(here)).findFirst().orElseThrow();
        browser.driver().switchTo().window(opened);
        page.waitFor(driver -> driver.getCurrentUrl().equals(address) ? Boolean.TRUE : null);
        browser.driver().close();
        browser.driver().switchTo().window(here);
    }

    @Test
    void splitView_twoTerminalsSideBySide_eachTyping() {
        openNewWorkspace("split");
        page.newTerminal();
        workspace.toggleSplit();
        page.waitFor(driver -> workspace.visiblePanes().size() == 2 ? Boolean.TRUE : null);
        workspace.waitForTabLabels(List.of("Terminal 1", "Terminal 2"));
        List<WebElement> panes = workspace.visiblePanes();
        assertThat(panes.get(0).getRect().getWidth()).isGreaterThan(300);
        assertThat(panes.get(1).getRect().getX()).isGreaterThan(panes.get(0).getRect().getX() + panes.get(0).getRect().getWidth() - 10);

        workspace.clickPane(panes.get(0));
        page.run("echo left-$((6*7))");
        workspace.clickPane(panes.get(1));
        page.run("echo right-$((6*7))");
        page.waitFor(driver -> workspace.paneScreen(workspace.visiblePanes().get(0)).contains("left-42")
                && workspace.paneScreen(workspace.visiblePanes().get(1)).contains("right-42") ? Boolean.TRUE : null);
        assertThat(workspace.paneScreen(workspace.visiblePanes().get(0))).doesNotContain("right-42");
        page.screenshot(shot("split-view"));

        workspace.toggleSplit();
        page.waitFor(driver -> workspace.visiblePanes().size() == 1 ? Boolean.TRUE : null);
    }

    @Test
    void fontSize_ctrlPlusAndMinus_changeTheCellsTheShellSees_keptAcrossReloads() {
        openNewWorkspace("font size");
        page.newTerminal();
        page.focusTerminal();
        int standard = workspace.fontSize();
        int[] before = page.terminalSize(1);
        page.chord(Keys.CONTROL, null, "=");
        page.chord(Keys.CONTROL, null, "=");
        page.chord(Keys.CONTROL, null, "=");
        page.waitFor(driver -> workspace.fontSize() == standard + 3 ? Boolean.TRUE : null);
        int[] larger = page.terminalSize(2);
        assertThat(larger[0]).as("rows with a larger font").isLessThan(before[0]);
        assertThat(larger[1]).as("columns with a larger font").isLessThan(before[1]);
        page.screenshot(shot("font-larger"));

        page.reload();
        page.waitForConnectionState("connected");
        assertThat(workspace.fontSize()).as("font size after a reload").isEqualTo(standard + 3);
        page.focusTerminal();
        page.chord(Keys.CONTROL, null, "-");
        page.waitFor(driver -> workspace.fontSize() == standard + 2 ? Boolean.TRUE : null);
    }

    @Test
    void themes_followTheSystemScheme_lightAndDark() {
        workspace.emulateColorScheme("dark");
        openNewWorkspace("themes");
        page.newTerminal();
        page.focusTerminal();
        page.run("ls --color=always -d / ; echo themed-$((6*7))");
        page.waitForLine("themed-42");
        assertThat(workspace.theme()).isEqualTo("dark");
        // Headless Chromium without a GPU has only a software WebGL: the page draws with the DOM.
        assertThat(browser.driver().findElement(By.cssSelector(".terminal-pane:not([hidden])")).getAttribute("data-renderer"))
                .as("renderer without a GPU").isEqualTo("dom");
        assertThat(workspace.terminalBackground()).isEqualTo("rgb(30, 31, 34)");
        page.screenshot(shot("theme-dark"));

        workspace.emulateColorScheme("light");
        page.waitFor(driver -> "light".equals(workspace.theme()) ? Boolean.TRUE : null);
        assertThat(workspace.terminalBackground()).isEqualTo("rgb(251, 251, 252)");
        page.screenshot(shot("theme-light"));
    }

    @Test
    void narrowWindow_listAndTerminalUsableWithoutSideways() {
        page.resizeWindow(390, 844);
        page.openSignInLink(DevTokens.signInSecret());
        page.signIn(user);
        String id = page.createWorkspace("phone");
        assertThat(workspace.overflowsHorizontally()).as("list wider than a phone").isFalse();
        WebElement open = browser.driver().findElement(By.cssSelector("tr[data-workspace-id='" + id + "'] button[data-action='open']"));
        assertThat(open.getRect().getX() + open.getRect().getWidth()).isLessThanOrEqualTo(390);
        page.screenshot(shot("narrow-list"));

        page.clickWorkspaceAction(id, "open");
        page.newTerminal();
        page.focusTerminal();
        int[] size = page.terminalSize(1);
        assertThat(size[1]).as("columns on a phone").isGreaterThanOrEqualTo(30);
        assertThat(workspace.overflowsHorizontally()).as("workspace page wider than a phone").isFalse();
        page.screenshot(shot("narrow-terminal"));
    }

    @Test
    void workspaceList_fullWidth_unicodeNamesAccepted_invalidRefusedBeforeAsking() {
        page.openSignInLink(DevTokens.signInSecret());
        page.signIn(user);
        WebElement table = page.waitFor(driver -> driver.findElement(By.cssSelector("table.workspaces")));
        assertThat(table.getRect().getWidth()).as("list width in a 1280 px window").isGreaterThan(1100);
        page.createWorkspace("Übersicht проект 2");

        WebElement field = browser.driver().findElement(By.id("workspace-name"));
        field.sendKeys("bad/name" + Keys.ENTER);
        page.waitFor(driver -> !field.getDomProperty("validationMessage").isEmpty() ? Boolean.TRUE : null);
        assertThat(field.getDomProperty("validationMessage")).contains("letters");
        assertThat(Api.get("/api/v1/workspaces", token).jsonArray()).as("workspaces on the server").hasSize(1);
        page.screenshot(shot("workspace-list"));
    }

    /** Signs in, creates a running workspace and opens it; answers its id. */
    private String openNewWorkspace(String name) {
        page.openSignInLink(DevTokens.signInSecret());
        page.signIn(user);
        String id = page.createWorkspace(name);
        page.clickWorkspaceAction(id, "open");
        workspace.waitForWorkspaceStatus("running");
        return id;
    }

    private static Path shot(String name) {
        return DevServerBrowser.ARTIFACTS.resolve("page-" + name + ".png");
    }

    private static String cpuPressure() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
