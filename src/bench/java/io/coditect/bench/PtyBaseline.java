package io.coditect.bench;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.unix.UnixPtyProcess;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The same PTY work with no server in between: this JVM runs bash on pty4j, types into it and
 * reads it, once through pty4j's stream and once with bare {@code read(2)} calls on the PTY's
 * master into one native buffer (what a JVM can read from a PTY at best). The server's numbers
 * divided by these say what the server adds on this machine, under whatever else the machine is
 * doing at the time.
 */
final class PtyBaseline {
    static {
        Native.register(PtyBaseline.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private static native long read(int fd, Pointer buffer, long count);

    private PtyBaseline() {
    }

    /** Echo of 400 keys, and {@code runs} times the burst with bare {@code read(2)} calls: medians. */
    static void run(int runs) throws Exception {
        Path dir = Files.createTempDirectory("pty-baseline");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", dir.toString());
        env.put("TERM", "xterm-256color");
        PtyProcess shell = new PtyProcessBuilder(new String[] {"/bin/bash"}).setEnvironment(env)
                .setDirectory(dir.toString()).start();
        try {
            InputStream in = shell.getInputStream();
            OutputStream out = shell.getOutputStream();
            byte[] buffer = new byte[4096];
            readUntil(in, buffer, "# ", "$ ");
            long[] latencies = new long[400];
            byte[] keys = {'a', 0x7f};
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                out.write(keys[i % 2]);
                out.flush();
                in.read(buffer);
                latencies[i] = System.nanoTime() - start;
                Thread.sleep(5);
            }
            Arrays.sort(latencies);
            out.write((Burst.MAKE + "\r").getBytes(StandardCharsets.UTF_8));
            out.flush();
            readUntil(in, buffer, Burst.MADE + "\r\n");
            long start = System.nanoTime();
            out.write((Burst.cat(5) + "\r").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long bytes = readUntil(in, buffer, Burst.end(5) + "\r\n");
            double seconds = (System.nanoTime() - start) / 1e9;
            Stats.Machine machine = Stats.Machine.now();
            java.util.List<Double> raw = new java.util.ArrayList<>();
            for (int run = 0; run < runs; run++) {
                raw.add(rawThroughput(((UnixPtyProcess) shell).getPty().getMasterFD(), out, run));
            }
            System.out.printf(Locale.ROOT, "RESULT baseline without server (pty4j in the client JVM): echo p50 %.2f ms,"
                            + " p99 %.2f ms; output %.1f MB/s through pty4j's stream (once), bare read(2) loop median %.1f MB/s %s;"
                            + " %s%n", latencies[200] / 1e6, latencies[395] / 1e6, bytes / seconds / 1e6, Stats.median(raw),
                    Stats.list(raw, "%.1f"), Stats.Machine.now().since(machine));
        } finally {
            shell.destroyForcibly();
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** Output of {@code cat} of the burst read with bare {@code read(2)} calls into one native buffer, in MB/s. */
    private static double rawThroughput(int master, OutputStream out, int run) throws Exception {
        byte[] marker = (Burst.end(600 + run) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = new byte[64];
        try (Memory native64k = new Memory(65536)) {
            long start = System.nanoTime();
            out.write((Burst.cat(600 + run) + "\r").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long bytes = 0;
            while (true) {
                long n = read(master, native64k, native64k.size());
                if (n <= 0) {
                    throw new IllegalStateException("the shell ended");
                }
                bytes += n;
                int keep = (int) Math.min(n, tail.length);
                System.arraycopy(tail, keep, tail, 0, tail.length - keep);
                native64k.read(n - keep, tail, tail.length - keep, keep);
                if (new String(tail, StandardCharsets.ISO_8859_1).contains(new String(marker, StandardCharsets.ISO_8859_1))) {
                    return bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
                }
            }
        }
    }

    private static long readUntil(InputStream in, byte[] buffer, String... endings) throws Exception {
        StringBuilder tail = new StringBuilder();
        long total = 0;
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IllegalStateException("the shell ended");
            }
            total += n;
            tail.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            if (tail.length() > 256) {
                tail.delete(0, tail.length() - 128);
            }
            for (String ending : endings) {
                if (ending.endsWith("\n") ? tail.indexOf(ending) >= 0 : tail.toString().endsWith(ending)) {
                    return total;
                }
            }
        }
    }
}
