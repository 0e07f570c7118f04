package io.coditect.web;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The workspace page's parts beyond what {@link ClientPage} covers: tabs by their labels, the
 * workspace's status and buttons, find, split view, font size, theme and the connection line's
 * action. Like ClientPage it reads only what the page renders.
 */
final class WorkspacePage {
    private final WebDriver driver;
    private final ClientPage page;

    WorkspacePage(WebDriver driver, ClientPage page) {
        this.driver = driver;
        this.page = page;
    }

    /** The tabs' labels, left to right. */
    List<String> tabLabels() {
        return driver.findElements(By.cssSelector(".tab-item .tab-label")).stream().map(WebElement::getText).toList();
    }

    void waitForTabLabels(List<String> labels) {
        page.waitFor(driver -> tabLabels().equals(labels) ? Boolean.TRUE : null);
    }

    WebElement tab(String label) {
        return page.waitFor(driver -> driver.findElements(By.cssSelector(".tab-item")).stream()
                .filter(item -> item.findElement(By.className("tab-label")).getText().equals(label))
                .findFirst().orElse(null));
    }

    void selectTab(String label) {
        tab(label).findElement(By.className("tab")).click();
    }

    /** Ends a tab's terminal with its × and confirms. */
    void closeTab(String label) {
        tab(label).findElement(By.className("tab-close")).click();
        page.acceptConfirmation();
        page.waitFor(driver -> tabLabels().contains(label) ? null : Boolean.TRUE);
    }

    void renameTab(String label, String name) {
        new Actions(driver).doubleClick(tab(label).findElement(By.className("tab"))).perform();
        WebElement field = page.waitFor(ExpectedConditions.visibilityOfElementLocated(By.className("tab-rename")));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), name, Keys.ENTER);
        page.waitFor(driver -> tabLabels().contains(name) ? Boolean.TRUE : null);
    }

    /** Drags a tab onto the left half of another, with the HTML drag-and-drop events a mouse drag fires. */
    void dragTabBefore(String label, String target) {
        page.script("""
                const [source, target] = [arguments[0], arguments[1]];
                const data = new DataTransfer();
                const box = target.getBoundingClientRect();
                const at = { bubbles: true, cancelable: true, dataTransfer: data, clientX: box.left + 2, clientY: box.top + box.height / 2 };
                source.dispatchEvent(new DragEvent('dragstart', at));
                target.dispatchEvent(new DragEvent('dragover', at));
                target.dispatchEvent(new DragEvent('drop', at));
                source.dispatchEvent(new DragEvent('dragend', at));""", tab(label), tab(target));
    }

    String tabState(String label) {
        return tab(label).getAttribute("data-state");
    }

    String workspaceStatus() {
        return driver.findElement(By.id("workspace-status")).getAttribute("data-status");
    }

    void waitForWorkspaceStatus(String status) {
        page.waitFor(ExpectedConditions.attributeToBe(By.id("workspace-status"), "data-status", status));
    }

    void clickHeadAction(String action) {
        page.waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(".workspace-head button[data-action='" + action + "']"))).click();
    }

    boolean newTerminalEnabled() {
        return driver.findElement(By.className("new-terminal")).isEnabled();
    }

    WebElement emptyState() {
        return driver.findElement(By.className("empty-state"));
    }

    /**
     * Clicks "Reconnect now" (or finds the page already connected again); the connection line is
     * drawn anew on every state change, so a found button may go stale.
     */
    void clickReconnectNow() {
        page.waitFor(driver -> {
            try {
                driver.findElement(By.className("reconnect-now")).click();
                return Boolean.TRUE;
            } catch (NoSuchElementException | StaleElementReferenceException | ElementNotInteractableException e) {
                // The page's own readiness check (every 1.5 s at most) may have re-attached first.
                return "connected".equals(driver.findElement(By.className("connection")).getDomAttribute("data-state"))
                        ? Boolean.TRUE : null;
            }
        });
    }

    String searchCount() {
        return driver.findElement(By.className("search-count")).getText();
    }

    WebElement searchField() {
        return driver.findElement(By.className("search-field"));
    }

    int fontSize() {
        return Integer.parseInt(driver.findElement(By.className("terminal-stage")).getAttribute("data-font-size"));
    }

    String theme() {
        return driver.findElement(By.className("terminal-stage")).getAttribute("data-theme");
    }

    /** The terminal's background colour as drawn (computed style of the visible terminal's viewport). */
    String terminalBackground() {
        return (String) page.script("return getComputedStyle(document.querySelector("
                + "'.terminal-pane:not([hidden]) .xterm-viewport')).backgroundColor;");
    }

    /** The system's colour scheme as the browser reports it to the page (prefers-color-scheme). */
    void emulateColorScheme(String scheme) {
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    void toggleSplit() {
        page.waitFor(ExpectedConditions.elementToBeClickable(By.className("split-toggle"))).click();
    }

    /** The visible panes, left to right (one, or two in split view). */
    List<WebElement> visiblePanes() {
        return driver.findElements(By.cssSelector(".terminal-pane:not([hidden])")).stream()
                .sorted((a, b) -> Integer.compare(a.getRect().getX(), b.getRect().getX())).toList();
    }

    /** The lines one pane shows. */
    @SuppressWarnings("unchecked")
    List<String> paneScreen(WebElement pane) {
        return (List<String>) page.script("return Array.from(arguments[0].querySelectorAll('.xterm-rows > div'),"
                + " row => row.textContent.replace(/\\u00a0/g, ' ').trimEnd());", pane);
    }

    void clickPane(WebElement pane) {
        pane.findElement(By.className("xterm-screen")).click();
    }

    /** Whether the page is wider than the window (a horizontal scroll bar). */
    boolean overflowsHorizontally() {
        return (Boolean) page.script("return document.documentElement.scrollWidth > window.innerWidth;");
    }
}
