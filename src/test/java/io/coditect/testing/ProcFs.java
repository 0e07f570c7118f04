package io.coditect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What Linux's {@code /proc} says about a process: its threads, descriptors and children. */
public final class ProcFs {
    /** One process as {@code /proc/<pid>/stat} shows it. */
    public record Process(long pid, String name, char state, long parent) {
        public boolean zombie() {
            return state == 'Z';
        }
    }

    private ProcFs() {
    }

    public static int threads(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(line -> line.startsWith("Threads:"))
                    .map(line -> Integer.parseInt(line.substring("Threads:".length()).trim()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open file descriptors of {@code pid}. */
    public static int descriptors(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Descriptors of {@code pid} that are pidfds. */
    public static long pidfds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.filter(fd -> link(fd).filter(target -> target.equals("anon_inode:[pidfd]")).isPresent()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The children of {@code parent}, zombies among them. */
    public static List<Process> children(long parent) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(ProcFs::process).flatMap(Optional::stream)
                    .filter(p -> p.parent() == parent)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process, or empty once it is gone (a zombie is still there, in state Z). */
    public static Optional<Process> process(long pid) {
        return process(Path.of("/proc", Long.toString(pid)));
    }

    private static Optional<Process> process(Path directory) {
        try {
            String stat = Files.readString(directory.resolve("stat"));
            // pid (name) state ppid ...; the name may hold spaces and parentheses.
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] rest = stat.substring(close + 2).split(" ");
            return Optional.of(new Process(Long.parseLong(stat.substring(0, open).trim()),
                    stat.substring(open + 1, close), rest[0].charAt(0), Long.parseLong(rest[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> link(Path fd) {
        try {
            return Optional.of(Files.readSymbolicLink(fd).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
