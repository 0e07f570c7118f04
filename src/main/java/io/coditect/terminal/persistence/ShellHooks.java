package io.coditect.terminal.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How a shell tells the server what it would lose in a restart. {@code /proc/<pid>/environ} only
 * shows the environment a process started with, and the command history lives in the shell's
 * memory, so bash is started with a start-up file of its own ({@code --rcfile}) that sources the
 * user's {@code ~/.bashrc} as bash would and then adds a {@code PROMPT_COMMAND} hook. Before each
 * prompt the hook writes, with builtins only (a prompt forks no process):
 * <ul>
 * <li>{@code history}: the shell's whole history list ({@code history -w}, which bash writes to a
 *     temporary file and renames, so a reader never sees half of it). {@code HISTFILE} stays the
 *     user's own, so {@code ~/.bash_history} fills as it always does;
 * <li>{@code env}: every exported variable as {@code NAME=value} and a NUL (the format of
 *     {@code env -0}), found by expanding {@code ${!A@}} and the like and keeping the names whose
 *     attributes ({@code ${!name@a}}) say exported, followed by an end marker, so a reader can tell
 *     a complete file from one being written.
 * </ul>
 * A restored bash gets the saved history in {@code restore-history}, which the hook loads once,
 * before the first prompt (after bash has read {@code ~/.bash_history}, which it replaces).
 * Other shells ({@code /bin/sh}) have no such hook: their environment is the one they started with
 * and they have no history to keep. The working directory needs no hook: it is read from
 * {@code /proc/<pid>/cwd}.
 *
 * <p>The files live in {@code <root>/<workspaceId>/<terminalId>/}, a directory only the server's
 * user can enter: the environment may hold the user's secrets.
 */
final class ShellHooks {
    static final String END_MARKER = "__CODITECT_END__";
    /** Larger files are not the hook's: they are ignored rather than read into memory. */
    private static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9-]+");
    /** Every variable name starts with one of these: {@code ${!A@}} expands to the names starting with A. */
    private static final String VARIABLE_PREFIXES = IntStream.concat(
                    IntStream.concat(IntStream.rangeClosed('A', 'Z'), IntStream.rangeClosed('a', 'z')), IntStream.of('_'))
            .mapToObj(c -> "${!" + (char) c + "@}").collect(Collectors.joining(" "));

    private final Path root;

    /** What a shell last reported; {@code env} is null until it has reported one. */
    record Report(Map<String, String> env, List<String> history, Stamp envStamp, Stamp historyStamp) {
        static final Report NONE = new Report(null, List.of(), Stamp.NONE, Stamp.NONE);
    }

    /** A file's size and modification time: when both are unchanged, so is the file. */
    record Stamp(long size, FileTime modified) {
        static final Stamp NONE = new Stamp(-1, FileTime.fromMillis(0));
    }

    ShellHooks(Path root) {
        this.root = root;
    }

    /** Whether {@code shell} gets the hook: bash, by its file name. */
    static boolean hooked(String shell) {
        return Path.of(shell).getFileName().toString().equals("bash");
    }

    /**
     * Prepares a terminal's files and returns the command line that starts its shell;
     * {@code history} is the saved history of a restored session (empty for a new one).
     */
    List<String> command(String workspaceId, String terminalId, String shell, List<String> history) {
        if (!hooked(shell)) {
            return List.of(shell);
        }
        Path directory = directory(workspaceId, terminalId);
        try {
            deleteTree(directory);
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path restore = directory.resolve("restore-history");
            if (!history.isEmpty()) {
                write(restore, String.join("\n", history) + "\n");
            }
            Path rcfile = directory.resolve("bashrc");
            write(rcfile, rcfile(directory, history.isEmpty() ? null : restore));
            return List.of(shell, "--rcfile", rcfile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the shell hook in " + directory, e);
        }
    }

    private String rcfile(Path directory, Path restore) {
        return String.join("\n",
                "# Written by the server for one terminal: the user's own start-up file as bash would read it,",
                "# then a hook that reports the exported environment and the history before each prompt, so",
                "# the session can be restored after a server restart. The hook runs builtins only: a prompt",
                "# forks nothing.",
                "if [ -f ~/.bashrc ]; then . ~/.bashrc; fi",
                "__coditect_state=" + quote(directory.toString()),
                "__coditect_restore=" + (restore == null ? "" : quote(restore.toString())),
                "__coditect_report() {",
                "    local status=$? __coditect_name",
                "    if [ -n \"$__coditect_restore\" ]; then",
                "        builtin history -c",
                "        builtin history -r \"$__coditect_restore\"",
                "        __coditect_restore=",
                "    fi",
                "    builtin history -w \"$__coditect_state/history\" 2>/dev/null",
                "    {",
                "        for __coditect_name in " + VARIABLE_PREFIXES + "; do",
                "            if [[ -v $__coditect_name && ${!__coditect_name@a} == *x* && ${!__coditect_name@a} != *[aA]* ]]; then",
                "                builtin printf '%s=%s\\0' \"$__coditect_name\" \"${!__coditect_name}\"",
                "            fi",
                "        done",
                "        builtin printf '%s\\0' " + END_MARKER,
                "    } > \"$__coditect_state/env\" 2>/dev/null",
                "    return $status",
                "}",
                "PROMPT_COMMAND=\"__coditect_report${PROMPT_COMMAND:+; $PROMPT_COMMAND}\"",
                "");
    }

    /**
     * What the shell reported since {@code previous}: {@code previous} itself when neither file
     * changed (size and modification time), and files that did not change are not read again.
     */
    Report read(String workspaceId, String terminalId, Report previous) {
        Path directory = directory(workspaceId, terminalId);
        Map<String, String> env = previous.env();
        List<String> history = previous.history();
        Stamp envStamp = stamp(directory.resolve("env"));
        Stamp historyStamp = stamp(directory.resolve("history"));
        if (envStamp.equals(previous.envStamp()) && historyStamp.equals(previous.historyStamp())) {
            return previous;
        }
        if (!envStamp.equals(previous.envStamp())) {
            Map<String, String> read = parseEnv(readBytes(directory.resolve("env"), envStamp));
            if (read != null) {
                env = Map.copyOf(read);
            }
        }
        if (!historyStamp.equals(previous.historyStamp())) {
            byte[] bytes = readBytes(directory.resolve("history"), historyStamp);
            if (bytes != null) {
                history = List.copyOf(new String(bytes, StandardCharsets.UTF_8).lines().toList());
            }
        }
        return new Report(env, history, envStamp, historyStamp);
    }

    /** Removes one terminal's files. */
    void remove(String workspaceId, String terminalId) {
        deleteQuietly(directory(workspaceId, terminalId));
    }

    /** Removes the files of every terminal of a workspace. */
    void removeWorkspace(String workspaceId) {
        deleteQuietly(root.resolve(safe(workspaceId)));
    }

    /** Removes every terminal's files: at start-up, when no shell of an earlier run is left to write them. */
    void clear() {
        deleteQuietly(root);
    }

    /**
     * The environment in an {@code env -0} file: null when the file is not complete (being
     * written, or cut short). The variable {@code _} (the last command's argument) is left out.
     */
    static Map<String, String> parseEnv(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String end = END_MARKER + "\0";
        if (!text.endsWith(end)) {
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : text.substring(0, text.length() - end.length()).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0 && !entry.startsWith("_=")) {
                env.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return env;
    }

    private Path directory(String workspaceId, String terminalId) {
        return root.resolve(safe(workspaceId)).resolve(safe(terminalId));
    }

    private static String safe(String id) {
        if (!SAFE_ID.matcher(Objects.requireNonNull(id)).matches()) {
            throw new IllegalArgumentException("not an id: " + id);
        }
        return id;
    }

    /** A single-quoted bash word. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime());
        } catch (IOException e) {
            return Stamp.NONE;
        }
    }

    private static byte[] readBytes(Path file, Stamp stamp) {
        if (stamp.size() < 0 || stamp.size() > MAX_FILE_BYTES) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path directory) {
        try {
            deleteTree(directory);
        } catch (IOException e) {
            // Left behind: the next start-up clears the directory again.
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                delete(file, failures);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) {
                delete(dir, failures);
                return FileVisitResult.CONTINUE;
            }
        });
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private static void delete(Path path, List<IOException> failures) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            failures.add(e);
        }
    }
}
