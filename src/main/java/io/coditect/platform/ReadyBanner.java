package io.coditect.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Says where to open the product once it has started: the last thing on the console, printed
 * once the HTTP port accepts connections (Liberty opens it after the application has started, so
 * the banner waits on a thread of its own). Written to the process's own standard output, which the
 * console shows whatever its log level (coditect.xml keeps Liberty's own start-up lines at
 * WARNING), and not through {@code System.out}, which Liberty also copies into messages.log: the
 * sign-in link's secret belongs on the console of whoever started the server, not in its logs.
 * The port and host are Liberty's server.xml variables ({@link PlatformSettings#httpHost}). A
 * {@link StartLink} (the development sign-in) adds its fragment to the address: the banner is then
 * the one place the sign-in link is shown.
 */
@Immutable
public class ReadyBanner {
    private static final Logger LOG = Logger.getLogger(ReadyBanner.class.getName());
    /** How long to wait for the port: far beyond any start-up; past it something else is wrong and says so. */
    private static final Duration PORT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Instance<StartLink> links;
    private final PlatformSettings settings;

    @Inject
    public ReadyBanner(Instance<StartLink> links, PlatformSettings settings) {
        this.links = links;
        this.settings = settings;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 2000) @Initialized(ApplicationScoped.class) Object event) {
        String configuredHost = settings.httpHost();
        int port = settings.httpPort();
        String shownHost = listensEverywhere(configuredHost) ? "localhost" : configuredHost;
        String probeHost = listensEverywhere(configuredHost) ? "127.0.0.1" : configuredHost;
        String fragment = links.stream().map(StartLink::fragment).flatMap(Optional::stream).findFirst().orElse(null);
        // Never closed: it is file descriptor 1.
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Thread waiter = new Thread(() -> {
            if (awaitListening(new InetSocketAddress(probeHost, port), PORT_TIMEOUT, POLL)) {
                if (fragment != null) {
                    keepConsoleLogPrivate();
                }
                console.println(text(settings.role().configValue(), shownHost, port, fragment));
            } else {
                LOG.warning(() -> "The HTTP port " + port + " on " + probeHost + " did not accept connections within "
                        + PORT_TIMEOUT.toMinutes() + " minutes of the application starting.");
            }
        }, "coditect-ready-banner");
        waiter.setDaemon(true);
        waiter.start();
    }

    /**
     * Started in the background (wlp's {@code server start}), the console is a file, logs/console.log,
     * which the shell made with the umask: the link's secret must not make it readable by others.
     * Liberty's script names it in X_LOG_DIR and X_LOG_FILE.
     */
    private static void keepConsoleLogPrivate() {
        String directory = System.getenv("X_LOG_DIR");
        String name = System.getenv("X_LOG_FILE");
        if (directory == null || name == null) {
            return;
        }
        Path consoleLog = Path.of(directory, name);
        try {
            if (Files.isRegularFile(consoleLog)) {
                OwnerOnly.file(consoleLog);
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot make " + consoleLog + " readable by its owner only (" + e.getMessage()
                    + "): other accounts may read the sign-in link in it.");
        }
    }

    static boolean listensEverywhere(String host) {
        return host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
    }

    /**
     * The banner: framed, so that it stands out at the end of the console. It starts with a line
     * break: Liberty's console formats prefix the first line of what is printed (time, thread).
     */
    static String text(String role, String host, int port, String fragment) {
        String line = "Coditect Workspace Gateway (" + role + ") is ready: open http://" + host + ":" + port + "/"
                + (fragment == null ? "" : "#" + fragment);
        String rule = "=".repeat(line.length());
        return String.join(System.lineSeparator(), "", rule, line, rule);
    }

    /** True once a TCP connection to address succeeds; false when timeout passes first or the thread is interrupted. */
    static boolean awaitListening(InetSocketAddress address, Duration timeout, Duration poll) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) Math.max(1, poll.toMillis()));
                return true;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
