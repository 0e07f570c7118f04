package io.coditect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Deployments;
import io.coditect.testing.DevTokens;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The files panel beside the terminals, in a real headless Chromium on a server configured like
 * {@code ./mvnw liberty:run}: files uploaded from the page land in the workspace, show in the tree,
 * are what a shell in the workspace reads, and download back byte for byte. Skipped, saying why,
 * without Chromium.
 */
@ExtendWith(ArquillianExtension.class)
class FilesPanelDevServerIT {
    private final String user = TestIdentityProvider.uniqueUser("files");
    private DevServerBrowser browser;
    private ClientPage page;
    private WorkspacePage workspace;
    private FilesPanel files;

    @TempDir
    Path local;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @BeforeEach
    void startBrowser() {
        browser = DevServerBrowser.start();
        page = browser.page();
        workspace = new WorkspacePage(browser.driver(), page);
        files = new FilesPanel(browser.driver(), page);
    }

    @AfterEach
    void stopBrowser(TestInfo test) {
        if (browser != null) {
            browser.close(DevServerBrowser.shotOf(test, "files-"));
        }
    }

    @Test
    void upload_seenInTheTree_catInATerminal_downloadedBackByteForByte() throws IOException {
        Path text = Files.writeString(local.resolve("notes.txt"), "uploaded-from-the-page " + user + "\n");
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Path binary = Files.write(local.resolve("all.bin"), all);
        page.openSignInLink(DevTokens.signInSecret());
        page.signIn(user);
        String id = page.createWorkspace("files panel");
        page.clickWorkspaceAction(id, "open");
        workspace.waitForWorkspaceStatus("running");

        files.upload(List.of(text, binary));
        files.waitForEntry("notes.txt");
        files.waitForEntry("all.bin");
        page.waitFor(driver -> files.status().startsWith("Uploaded") ? Boolean.TRUE : null);
        assertThat(files.status()).isEqualTo("Uploaded notes.txt, all.bin to the workspace.");
        Path workspaceDir = Path.of(System.getProperty("coditect.it.data-dir"), "workspaces", id);
        assertThat(Files.readAllBytes(workspaceDir.resolve("all.bin"))).isEqualTo(all);

        page.newTerminal();
        page.focusTerminal();
        page.run("cat notes.txt");
        page.waitForLine("uploaded-from-the-page " + user);

        Path downloads = Files.createDirectory(local.resolve("downloads"));
        files.downloadInto(downloads);
        files.select("all.bin");
        files.clickAction("Download");
        Path downloaded = downloads.resolve("all.bin");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(downloaded) && Files.size(downloaded) == all.length);
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(all);
        page.waitFor(driver -> files.status().equals("Downloaded all.bin.") ? Boolean.TRUE : null);

        // The Activity view below the files: what was just done, newest first, in words.
        browser.driver().findElement(By.cssSelector(".activity-panel summary")).click();
        page.waitFor(driver -> driver.findElements(By.cssSelector(".activity-item")).size() >= 3 ? Boolean.TRUE : null);
        List<String> activity = browser.driver().findElements(By.cssSelector(".activity-item")).stream()
                .map(WebElement::getText).toList();
        assertThat(activity).anySatisfy(line -> assertThat(line).contains(user, "uploaded 2 files to the workspace"));
        assertThat(activity).anySatisfy(line -> assertThat(line).contains("opened a terminal"));
        assertThat(activity.get(activity.size() - 1)).contains(user, "created the workspace");
    }
}
