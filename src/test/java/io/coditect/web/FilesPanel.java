package io.coditect.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The workspace page's files panel, as a user works it: its tree, its buttons, its status line. */
final class FilesPanel {
    private final ChromeDriver driver;
    private final ClientPage page;

    FilesPanel(ChromeDriver driver, ClientPage page) {
        this.driver = driver;
        this.page = page;
    }

    /**
     * Picks {@code files} in the panel's upload picker (the hidden file input behind "Upload", shown
     * for ChromeDriver to type the paths into, as a user's choice in the file dialog fills it).
     */
    void upload(List<Path> files) {
        WebElement picker = page.waitFor(driver -> driver.findElement(By.cssSelector(".files-panel input[type='file']")));
        page.script("arguments[0].hidden = false;", picker);
        picker.sendKeys(files.stream().map(Path::toString).collect(Collectors.joining("\n")));
    }

    /** Waits until the tree shows an entry of that path; answers it. */
    WebElement waitForEntry(String path) {
        return page.waitFor(ExpectedConditions.visibilityOfElementLocated(entry(path)));
    }

    void select(String path) {
        page.waitFor(ExpectedConditions.elementToBeClickable(entry(path))).click();
        page.waitFor(ExpectedConditions.attributeContains(entry(path), "class", "selected"));
    }

    void clickAction(String label) {
        page.waitFor(driver -> driver.findElements(By.cssSelector(".files-actions button")).stream()
                .filter(button -> button.getText().equals(label)).findFirst().orElse(null)).click();
    }

    String status() {
        return driver.findElement(By.className("files-status")).getText();
    }

    /** Lets the browser save downloads, without asking, into {@code directory}. */
    void downloadInto(Path directory) {
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", directory.toAbsolutePath().toString()));
    }

    private static By entry(String path) {
        return By.cssSelector(".files-tree .files-entry[data-path='" + path + "']");
    }
}
