package io.coditect.bench;

import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.PtyHelpers;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The server's {@code spawn} and {@code first-output} phases without the server: this (small)
 * JVM opens a PTY and forks bash onto it with the same pty4j calls as the server's
 * {@code PtyChild} ({@code new Pty()}, {@code setWindowSize}, {@code PtyHelpers.execPty}), then
 * waits for bash's first output byte. {@code fork} copies the parent's page tables, so the same
 * call costs more in a process that maps more: it is measured again with this JVM grown to about
 * the server's size, and each process's resident set and page-table size are printed beside it.
 */
final class SpawnBaseline {
    static {
        Native.register(SpawnBaseline.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private static native long read(int fd, Pointer buffer, long count);

    private SpawnBaseline() {
    }

    /**
     * {@code runs} spawns of {@code bash --norc} after two warm-up ones, then as many again while
     * this JVM holds {@code bench.spawn.held-mb} (512) MiB more of touched heap, about the server's
     * size: the same calls from a smaller and a larger process, in the same run.
     */
    static String run(int runs, ServerProcess self) throws Exception {
        String small = self.mapped() + ": " + measure(runs);
        int heldMb = Integer.getInteger("bench.spawn.held-mb", 512);
        byte[][] held = new byte[heldMb][];
        for (int i = 0; i < heldMb; i++) {
            held[i] = new byte[1024 * 1024];
            Arrays.fill(held[i], (byte) 1);
        }
        String large = self.mapped() + ": " + measure(runs);
        return small + "; holding " + held.length + " MiB more (" + large + ")";
    }

    private static String measure(int runs) throws Exception {
        Path home = Files.createTempDirectory("spawn-baseline");
        String[] argv = {"/bin/bash", "--norc"};
        String[] envp = {"PATH=" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME=" + home,
                "TERM=xterm-256color", "LANG=C.UTF-8", "SHELL=/bin/bash"};
        List<Double> spawns = new ArrayList<>();
        List<Double> firstOutputs = new ArrayList<>();
        try (Memory buffer = new Memory(4096)) {
            for (int run = -2; run < runs; run++) {
                long start = System.nanoTime();
                Pty pty = new Pty();
                try {
                    pty.setWindowSize(new WinSize(80, 24), null);
                    int pid = PtyHelpers.execPty(argv[0], argv, envp, home.toString(), pty.getSlaveName(),
                            pty.getMasterFD(), null, -1, false);
                    if (pid <= 0) {
                        throw new IllegalStateException("cannot start bash: errno " + PtyHelpers.errno());
                    }
                    long spawned = System.nanoTime();
                    // Blocking read: the master is left as pty4j opened it.
                    if (read(pty.getMasterFD(), buffer, buffer.size()) <= 0) {
                        throw new IllegalStateException("bash ended before its first output");
                    }
                    long firstOutput = System.nanoTime();
                    if (run >= 0) {
                        spawns.add((spawned - start) / 1e6);
                        firstOutputs.add((firstOutput - spawned) / 1e6);
                    }
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    PtyHelpers.waitpid(pid, new int[1], 0);
                } finally {
                    pty.close();
                }
            }
        } finally {
            Files.deleteIfExists(home.resolve(".bash_history"));
            Files.delete(home);
        }
        return String.format(Locale.ROOT, "spawn (new Pty + execPty: fork and exec) %.2f ms %s, bash --norc's start-up"
                        + " to its first output %.2f ms %s", Stats.median(spawns), Stats.list(spawns, "%.2f"),
                Stats.median(firstOutputs), Stats.list(firstOutputs, "%.2f"));
    }
}
