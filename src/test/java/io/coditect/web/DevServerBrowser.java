package io.coditect.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coditect.testing.Api;
import io.coditect.testing.Chromium;
import io.coditect.testing.DroppingProxy;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What each browser test of the dev server starts with: a real headless Chromium (or the test
 * skipped, the reason printed, where Chromium and its ChromeDriver are not installed), reaching the
 * server through a {@link DroppingProxy}, and the {@link ClientPage} it shows. Closing it keeps a
 * screenshot of the page as the test left it: the working page after a pass, the evidence after a
 * failure.
 */
final class DevServerBrowser implements AutoCloseable {
    static final Path ARTIFACTS = Path.of(System.getProperty("coditect.it.browser-artifacts", "target/browser-tests"));

    private final DroppingProxy proxy;
    private final Chromium.Session browser;
    private final ClientPage page;

    private DevServerBrowser(DroppingProxy proxy, Chromium.Session browser) {
        this.proxy = proxy;
        this.browser = browser;
        this.page = new ClientPage(browser.driver(), URI.create("http://localhost:" + proxy.port()));
    }

    /** A 1280 x 800 window on the page; the test is skipped, saying why, without Chromium. */
    static DevServerBrowser start() {
        String unavailable = Chromium.unavailableReason();
        if (unavailable != null) {
            System.out.println("Browser tests SKIPPED: " + unavailable);
        }
        assumeTrue(unavailable == null, unavailable);
        DroppingProxy proxy = new DroppingProxy(Api.baseUri().getPort());
        try {
            return new DevServerBrowser(proxy, Chromium.start(1280, 800));
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    DroppingProxy proxy() {
        return proxy;
    }

    ChromeDriver driver() {
        return browser.driver();
    }

    ClientPage page() {
        return page;
    }

    /** The screenshot a test leaves: {@code prefix} and the test method's name. */
    static Path shotOf(TestInfo test, String prefix) {
        return ARTIFACTS.resolve(prefix + test.getTestMethod().orElseThrow().getName() + ".png");
    }

    /** Takes the last screenshot to {@code screenshot}, then quits the browser and closes the proxy. */
    void close(Path screenshot) {
        try {
            page.screenshot(screenshot);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            proxy.close();
        }
    }
}
