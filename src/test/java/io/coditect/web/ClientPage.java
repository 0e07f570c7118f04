package io.coditect.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser client as a user sees it: what to click and type, and what the page shows. It reads
 * only the rendered page (the terminal's text from xterm.js's rows), never the page's own state.
 */
final class ClientPage {
    /** How long a step may take before the test gives up on it: a deadline, not a measurement. */
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Pattern SIZE = Pattern.compile("size(\\d)-(\\d+)x(\\d+)");

    private final WebDriver driver;
    private final URI base;

    ClientPage(WebDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    void open() {
        driver.get(base.resolve("/").toString());
    }

    /** Opens the sign-in link the server printed ({@code /#sign-in=<secret>}), as its user does. */
    void openSignInLink(String secret) {
        driver.get(base.resolve("/#sign-in=" + secret).toString());
    }

    /** The sign-in form without a sign-in link opened: it says to open the link, and offers no user name. */
    void waitForSignInLinkNeeded() {
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-link-needed")));
        if (!driver.findElements(By.id("user-name")).isEmpty()) {
            throw new AssertionError("the user-name form is offered without the sign-in link");
        }
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    void reload() {
        driver.navigate().refresh();
    }

    void signIn(String user) {
        WebElement name = waitFor(ExpectedConditions.elementToBeClickable(By.id("user-name")));
        name.sendKeys(user + Keys.ENTER);
        waitFor(ExpectedConditions.textToBe(By.id("signed-in-user"), user));
    }

    /** Creates a workspace from the list and waits until it runs; answers its id. */
    String createWorkspace(String name) {
        WebElement field = waitFor(ExpectedConditions.elementToBeClickable(By.id("workspace-name")));
        field.sendKeys(name + Keys.ENTER);
        WebElement row = waitFor(driver -> driver.findElements(By.cssSelector("tr[data-workspace-id]")).stream()
                .filter(candidate -> candidate.findElement(By.className("workspace-name")).getText().equals(name))
                .findFirst().orElse(null));
        String id = row.getAttribute("data-workspace-id");
        waitForWorkspaceStatus(id, "running");
        return id;
    }

    void waitForWorkspaceStatus(String id, String status) {
        waitFor(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-workspace-id='" + id + "']"), "data-status", status));
    }

    boolean workspaceListed(String id) {
        return !driver.findElements(By.cssSelector("tr[data-workspace-id='" + id + "']")).isEmpty();
    }

    /** Clicks a row's button once it is enabled (the list re-renders rows as workspaces change). */
    void clickWorkspaceAction(String id, String action) {
        By button = By.cssSelector("tr[data-workspace-id='" + id + "'] button[data-action='" + action + "']");
        waitFor(driver -> {
            WebElement element = driver.findElement(button);
            if (!element.isEnabled()) {
                return null;
            }
            element.click();
            return Boolean.TRUE;
        });
    }

    void backToWorkspaces() {
        driver.findElement(By.className("back")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("workspace-name")));
    }

    /** Opens a new terminal tab and waits until it is attached; answers the terminal's id. */
    String newTerminal() {
        int before = driver.findElements(By.cssSelector(".tab-item")).size();
        waitFor(ExpectedConditions.elementToBeClickable(By.className("new-terminal"))).click();
        WebElement tab = waitFor(driver -> {
            List<WebElement> tabs = driver.findElements(By.cssSelector(".tab-item[data-terminal-id]"));
            return tabs.size() > before ? tabs.get(tabs.size() - 1) : null;
        });
        waitForConnectionState("connected");
        return tab.getAttribute("data-terminal-id");
    }

    /** The visible connection state: connecting, connected, reconnecting, exited, closed or failed. */
    String connectionState() {
        return driver.findElement(By.className("connection")).getAttribute("data-state");
    }

    String connectionText() {
        return driver.findElement(By.className("connection")).getText();
    }

    void waitForConnectionState(String state) {
        waitFor(ExpectedConditions.attributeToBe(By.className("connection"), "data-state", state));
    }

    /** Clicks into the visible terminal, which gives it the keyboard. */
    void focusTerminal() {
        driver.findElement(By.cssSelector(".terminal-pane:not([hidden]) .xterm-screen")).click();
    }

    /** Types into the focused terminal as a user does (key events, not a value set by script). */
    void type(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Runs a command line in the terminal: types it and presses Enter. */
    void run(String commandLine) {
        type(commandLine, Keys.ENTER);
    }

    void chord(Keys modifier, Keys second, String key) {
        Actions actions = new Actions(driver).keyDown(modifier);
        if (second != null) {
            actions.keyDown(second);
        }
        actions.sendKeys(key);
        if (second != null) {
            actions.keyUp(second);
        }
        actions.keyUp(modifier).perform();
    }

    /** The lines the visible terminal shows, as xterm.js renders them, without trailing blanks. */
    @SuppressWarnings("unchecked")
    List<String> screen() {
        return (List<String>) script("return Array.from(document.querySelectorAll("
                + "'.terminal-pane:not([hidden]) .xterm-rows > div'), row => row.textContent.replace(/\\u00a0/g, ' ').trimEnd());");
    }

    /** The number of rows the visible terminal has on the page. */
    int renderedRows() {
        return screen().size();
    }

    long linesEqualTo(String line) {
        return screen().stream().filter(line::equals).count();
    }

    /** Waits until the terminal shows a line that is exactly {@code line}. */
    void waitForLine(String line) {
        waitFor(driver -> screen().contains(line) ? Boolean.TRUE : null);
    }

    /** Waits until a line matches, answering it. */
    String waitForLineMatching(String regex) {
        return waitFor(driver -> screen().stream().filter(line -> line.matches(regex)).findFirst().orElse(null));
    }

    /** Double-clicks the first place where the terminal shows {@code text} (xterm selects the word). */
    void doubleClickText(String text) {
        Map<String, Number> point = textPoint(text);
        if (point == null) {
            throw new AssertionError("the terminal does not show " + text + ": " + screen());
        }
        new Actions(driver).moveToLocation(point.get("x").intValue(), point.get("y").intValue()).doubleClick().perform();
    }

    /** The centre of where the visible terminal shows text, in the window's coordinates; null where it does not. */
    @SuppressWarnings("unchecked")
    Map<String, Number> textPoint(String text) {
        return (Map<String, Number>) script("""
                const text = arguments[0];
                for (const row of document.querySelectorAll('.terminal-pane:not([hidden]) .xterm-rows > div')) {
                  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
                  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    const at = node.textContent.indexOf(text);
                    if (at >= 0) {
                      const range = document.createRange();
                      range.setStart(node, at);
                      range.setEnd(node, at + text.length);
                      const box = range.getBoundingClientRect();
                      return { x: Math.round(box.left + box.width / 2), y: Math.round(box.top + box.height / 2) };
                    }
                  }
                }
                return null;""", text);
    }

    /** Runs {@code stty size} in the terminal; answers {rows, columns}. */
    int[] terminalSize(int marker) {
        run("echo size" + marker + "-$(stty size | tr ' ' x)");
        String line = waitForLineMatching("size" + marker + "-\\d+x\\d+");
        Matcher size = SIZE.matcher(line);
        if (!size.matches()) {
            throw new AssertionError("not a size line: " + line);
        }
        return new int[] {Integer.parseInt(size.group(2)), Integer.parseInt(size.group(3))};
    }

    void resizeWindow(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    void acceptConfirmation() {
        waitFor(ExpectedConditions.alertIsPresent()).accept();
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, STEP, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }
}
