package io.coditect.terminal.engine;

import io.coditect.terminal.persistence.TerminalSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Copies a running terminal for the store without holding up its output: the shell's directory is
 * read and the output copied outside the terminal's lock; the lock is held only to take the ring's
 * offsets before the copy and its start after it. Output fast enough to wrap the ring onto the
 * copy meanwhile has overwritten its oldest bytes in the ring too: the snapshot then starts at the
 * oldest byte the ring still holds, as when the ring dropped output before the copy.
 */
final class TerminalCopy {
    private TerminalCopy() {
    }

    /** A snapshot whose output starts at {@code outputFrom}, or at the oldest byte held if that is later. */
    static TerminalSnapshot of(LocalTerminal terminal, long pid, long outputFrom) {
        String cwd = currentCwd(pid, terminal.relativeCwd());
        OutputRing ring = terminal.ring;
        OutputRing.View view;
        terminal.lock.lock();
        try {
            view = ring.view(Math.max(ring.start(), Math.min(outputFrom, ring.end())));
        } finally {
            terminal.lock.unlock();
        }
        byte[] output = view.copy();
        long from;
        Function<byte[], TerminalSnapshot> state;
        terminal.lock.lock();
        try {
            from = view.intactFrom(ring.start());
            state = terminal.stateNow(cwd, from);
        } finally {
            terminal.lock.unlock();
        }
        return state.apply(from == view.from() ? output : Arrays.copyOfRange(output, (int) (from - view.from()), output.length));
    }

    /** Where the shell is now (Linux), else where it started. */
    private static String currentCwd(long pid, String startCwd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return startCwd;
        }
    }
}
