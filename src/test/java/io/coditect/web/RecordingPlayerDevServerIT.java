package io.coditect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Session recordings in the workspace page, in a real headless Chromium on a server configured
 * like {@code ./mvnw liberty:run}: a recorded terminal's session is listed in the Recordings panel
 * and its play button plays it with asciinema-player, whose screen shows what the shell printed.
 * Skipped, saying why, without Chromium.
 */
@ExtendWith(ArquillianExtension.class)
class RecordingPlayerDevServerIT {
    private final String user = TestIdentityProvider.uniqueUser("player");
    private DevServerBrowser browser;
    private ClientPage page;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @BeforeEach
    void startBrowser() {
        browser = DevServerBrowser.start();
        page = browser.page();
    }

    @AfterEach
    void stopBrowser(TestInfo test) {
        if (browser != null) {
            browser.close(DevServerBrowser.shotOf(test, "recording-"));
        }
    }

    @Test
    void recordedSession_listed_playButtonPlaysItInThePage() {
        String token = DevTokens.token(user);
        page.openSignInLink(DevTokens.signInSecret());
        page.signIn(user);
        String id = page.createWorkspace("recorded");
        Api.Reply on = Api.method("PUT", "/api/v1/workspaces/" + id + "/recording", token, "{\"enabled\":true,\"input\":false}");
        assertThat(on.status()).as(on.toString()).isEqualTo(200);
        page.clickWorkspaceAction(id, "open");
        new WorkspacePage(browser.driver(), page).waitForWorkspaceStatus("running");

        page.newTerminal();
        page.waitForLine("[this session is being recorded]");
        page.focusTerminal();
        page.run("printf 'played-back-%s\\n' $((6*7))");
        page.waitForLine("played-back-42");
        String recordings = "/api/v1/workspaces/" + id + "/recordings";
        String recording = await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<JsonObject> listed = Api.get(recordings, token).json().getJsonArray("recordings")
                    .getValuesAs(JsonObject.class);
            return listed.isEmpty() ? null : listed.getFirst().getString("id");
        }, found -> found != null && Api.get(recordings + "/" + found, token).body().contains("played-back-42"));

        browser.driver().findElement(By.cssSelector(".recordings-panel summary")).click();
        page.waitFor(driver -> driver.findElements(By.cssSelector(".recordings-item")).size() == 1 ? Boolean.TRUE : null);
        assertThat(browser.driver().findElement(By.cssSelector(".recordings-item")).getText()).contains("still recording");
        browser.driver().findElement(By.cssSelector(".recordings-play")).click();

        // asciinema-player draws the screen as text in its own elements: what the shell printed shows there.
        page.waitFor(driver -> driver.findElements(By.cssSelector(".recordings-player[data-recording='" + recording
                + "'] .ap-player")).isEmpty() ? null : Boolean.TRUE);
        page.waitFor(driver -> playerText().contains("played-back-42") ? Boolean.TRUE : null);
        assertThat(playerText()).contains("[this session is being recorded]");
        // Played over the page, not in the side panel's 18rem, where a terminal's screen is too small to read.
        assertThat(((Number) page.script("return document.querySelector('.recordings-player').getBoundingClientRect().width"))
                .doubleValue()).as("the player's width in a 1280 px window").isGreaterThan(800);
    }

    private String playerText() {
        return String.valueOf(page.script("return document.querySelector('.recordings-player').textContent"));
    }
}
