package io.coditect.terminal.engine;

import io.coditect.terminal.persistence.TerminalSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Copies a running terminal for the store without holding up its output: the shell's directory is
 * read and the output copied outside the terminal's lock, and the copy kept only if the ring did
 * not overwrite it meanwhile.
 */
final class TerminalCopy {
    private static final int TRIES = 3;

    private TerminalCopy() {
    }

    /** A snapshot whose output starts at {@code outputFrom}, or at the oldest byte held if that is later. */
    static TerminalSnapshot of(LocalTerminal terminal, long pid, long outputFrom) {
        String cwd = currentCwd(pid, terminal.relativeCwd());
        OutputRing ring = terminal.ring;
        for (int attempt = 1; ; attempt++) {
            OutputRing.View view;
            Function<byte[], TerminalSnapshot> atView;
            terminal.lock.lock();
            try {
                view = ring.view(Math.max(ring.start(), Math.min(outputFrom, ring.end())));
                if (attempt == TRIES) {
                    // Output this fast has overtaken the copy every time: take it under the lock.
                    return terminal.stateNow(cwd, view.from()).apply(view.copy());
                }
                atView = terminal.stateNow(cwd, view.from());
            } finally {
                terminal.lock.unlock();
            }
            byte[] output = view.copy();
            long startNow;
            terminal.lock.lock();
            try {
                startNow = ring.start();
            } finally {
                terminal.lock.unlock();
            }
            if (view.intact(startNow)) {
                return atView.apply(output);
            }
        }
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
