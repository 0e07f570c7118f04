package io.coditect.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own ChromeDriver (packages {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them). Both paths are given, so Selenium never
 * looks for, or downloads, a browser or a driver of its own.
 */
public final class Chromium {
    private static final Path BROWSER = Path.of(System.getProperty("coditect.it.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("coditect.it.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Why browser tests cannot run on this machine, or null when they can. */
    public static String unavailableReason() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(BROWSER)) {
            missing.add(BROWSER + " (Debian package chromium)");
        }
        if (!Files.isExecutable(DRIVER)) {
            missing.add(DRIVER + " (Debian package chromium-driver)");
        }
        return missing.isEmpty() ? null : "no " + String.join(" and no ", missing)
                + ": install them (apt-get install chromium chromium-driver, as .ci/run does) to run the browser tests";
    }

    /** A fresh headless browser with an empty profile of its own, its window {@code width} x {@code height}. */
    public static Session start(int width, int height) {
        Path profile;
        try {
            profile = Files.createTempDirectory("coditect-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // Headless, as root in a sandbox-less container, and with none of the background
        // connections this machine's closed network would refuse.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Session(driver, profile);
    }

    /** A running browser; closing it quits the browser and removes its profile. */
    public record Session(ChromeDriver driver, Path profile) implements AutoCloseable {
        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                delete(profile.toFile());
            }
        }

        private static void delete(File file) {
            File[] children = file.listFiles();
            if (children != null) {
                for (File child : children) {
                    delete(child);
                }
            }
            file.delete();
        }
    }
}
