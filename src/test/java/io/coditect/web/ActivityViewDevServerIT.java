package io.coditect.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import io.coditect.testing.TestIdentityProvider;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The audit trail and the recordings as people see them, in a real headless Chromium on a server
 * configured like {@code ./mvnw liberty:run}: the owner's Activity view and Recordings list in the
 * workspace's side panel, and the admins' Activity view with its filters below the workspace list.
 * Each test leaves a screenshot of what it checked (target/browser-tests). Skipped, saying why,
 * without Chromium.
 */
@ExtendWith(ArquillianExtension.class)
class ActivityViewDevServerIT {
    private final String user = TestIdentityProvider.uniqueUser("activity");
    private DevServerBrowser browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @AfterEach
    void stopBrowser(TestInfo test) {
        if (browser != null) {
            browser.close(DevServerBrowser.shotOf(test, "activity-"));
        }
    }

    @Test
    void owner_sidePanel_activityInWordsAndTheRecordingsList() {
        browser = DevServerBrowser.start();
        ClientPage page = browser.page();
        String token = DevTokens.token(user);
        page.openSignInLink(DevTokens.signInSecret());
        page.signIn(user);
        String id = page.createWorkspace("audited");
        Api.Reply on = Api.method("PUT", "/api/v1/workspaces/" + id + "/recording", token, "{\"enabled\":true,\"input\":false}");
        assertThat(on.status()).as(on.toString()).isEqualTo(200);
        page.clickWorkspaceAction(id, "open");
        new WorkspacePage(browser.driver(), page).waitForWorkspaceStatus("running");
        page.newTerminal();
        page.waitForLine("[this session is being recorded]");

        open(".activity-panel");
        List<String> lines = texts(page, ".activity-panel .activity-item", 3);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(user).contains("created the workspace"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(user).contains("opened a terminal"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("changed whether terminals are recorded"));
        open(".recordings-panel");
        assertThat(texts(page, ".recordings-item", 1)).singleElement().satisfies(line -> assertThat(line).contains("still recording"));
        assertThat(browser.driver().findElement(By.cssSelector(".side-panel")).isDisplayed()).isTrue();
    }

    @Test
    void admin_activityOfEveryWorkspace_filteredByUser() {
        String workspace = Api.post("/api/v1/workspaces", DevTokens.token(user), "{\"name\":\"seen-by-admin\"}").json().getString("id");
        browser = DevServerBrowser.start();
        ClientPage page = browser.page();
        page.openSignInLink(DevTokens.signInSecret());
        WebElement tokenForm = page.waitFor(driver -> driver.findElement(By.cssSelector(".token-sign-in")));
        tokenForm.findElement(By.xpath("./ancestor::details/summary")).click();
        tokenForm.findElement(By.id("pasted-token")).sendKeys(DevTokens.token(TestIdentityProvider.uniqueUser("admin"), "admin"));
        tokenForm.findElement(By.cssSelector("button[type='submit']")).click();

        open(".admin-activity");
        WebElement filters = page.waitFor(driver -> driver.findElement(By.cssSelector(".admin-activity-filters")));
        filters.findElement(By.name("user")).sendKeys(user);
        filters.findElement(By.cssSelector("button[type='submit']")).click();

        List<String> lines = texts(page, ".admin-activity-list .activity-item", 1);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains(user));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("created the workspace").contains(workspace));
    }

    /** Opens a details element of the page once it is there. */
    private void open(String details) {
        WebElement summary = browser.page().waitFor(driver -> driver.findElement(By.cssSelector(details + " > summary")));
        summary.click();
    }

    /** The texts of the elements {@code selector} finds, once there are at least {@code atLeast}. */
    private static List<String> texts(ClientPage page, String selector, int atLeast) {
        return page.waitFor(driver -> {
            List<String> found = driver.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
            return found.size() >= atLeast ? found : null;
        });
    }
}
