package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every file a Liberty server wrote under its {@code logs} directory (messages.log, trace.log,
 * console.log, FFDC), searched for secrets: a test hands it the secrets it used, and beside those
 * any JSON Web Token at all (a user's token or a gateway's service credential the test never saw)
 * fails it.
 */
public final class ServerLogs {
    /** A JWS: two base64url JSON objects ({@code eyJ} is {@code {"}) and a signature part. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    /** Parts of a secret shorter than this (a JWS header, say) are shared by innocent strings. */
    private static final int SHORTEST_PART = 20;

    private ServerLogs() {
    }

    /** The logs of the server whose {@code logs} directory this is, and any of {@code extraFiles} that exist. */
    public static String read(Path logs, Path... extraFiles) {
        StringBuilder all = new StringBuilder();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(logs)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logs, e);
        }
        for (Path extra : extraFiles) {
            if (Files.isRegularFile(extra)) {
                files.add(extra);
            }
        }
        assertThat(files).as("log files under %s", logs).isNotEmpty();
        for (Path file : files) {
            try {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(all).as("the server's log under %s", logs).contains("CWWKF0011I");
        return all.toString();
    }

    /**
     * Fails when {@code logs} holds any of {@code secrets} or a part of one (split at dots, each
     * part of 20 characters or more), or any JSON Web Token.
     */
    public static void assertNoSecrets(String server, String logs, List<String> secrets) {
        assertThat(secrets).as("secrets to look for").isNotEmpty();
        for (String secret : secrets) {
            for (String part : secret.split("\\.")) {
                if (part.length() >= SHORTEST_PART) {
                    assertThat(logs.contains(part)).as("%s's logs hold a part of a secret (%s...)", server,
                            part.substring(0, 6)).isFalse();
                }
            }
        }
        Matcher token = JWT.matcher(logs);
        if (token.find()) {
            int from = Math.max(0, token.start() - 200);
            throw new AssertionError(server + "'s logs hold a JSON Web Token: ..."
                    + logs.substring(from, token.start()) + token.group().substring(0, 12) + "...");
        }
    }
}
