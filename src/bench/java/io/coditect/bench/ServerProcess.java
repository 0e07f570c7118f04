package io.coditect.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's process as seen from the same machine: a full GC and its heap through the JDK's
 * {@code jcmd}, its resident memory and thread count from {@code /proc}, and JFR recordings.
 */
public record ServerProcess(long pid) {
    private static final Pattern HEAP_USED = Pattern.compile("total (?:reserved \\d+K, committed )?\\d+K, used (\\d+)K");

    /** After a full GC: heap used, resident set and threads. */
    public Reading afterFullGc() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher heap = HEAP_USED.matcher(info);
        long used = 0;
        // G1 prints one total line; collectors with generations print one per generation.
        boolean found = false;
        while (heap.find()) {
            used += Long.parseLong(heap.group(1)) * 1024;
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("unexpected GC.heap_info: " + info);
        }
        return new Reading(used, status("VmRSS") * 1024, status("Threads"));
    }

    public record Reading(long heapUsed, long rss, long threads) {
    }

    /** Resident set and page-table size ({@code VmRSS}, {@code VmPTE}): what a {@code fork} of the process copies. */
    String mapped() throws IOException {
        return String.format(java.util.Locale.ROOT, "RSS %d MiB, page tables %d KiB", status("VmRSS") / 1024, status("VmPTE"));
    }

    /** Starts a JFR recording (profiling settings) named {@code name}. */
    void startRecording(String name) throws Exception {
        List<String> command = new ArrayList<>(List.of("JFR.start", "name=" + name, "settings=profile"));
        // Extra JFR.start options, e.g. JDK 25's method-timing=<class::method;...> (wall time per call).
        String extra = System.getProperty("bench.jfr.options", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        jcmd(command.toArray(String[]::new));
    }

    /** Stops recording {@code name} into {@code file}. */
    void stopRecording(String name, Path file) throws Exception {
        jcmd("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    String jcmd(String... command) throws Exception {
        String[] full = new String[command.length + 2];
        full[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        full[1] = Long.toString(pid);
        System.arraycopy(command, 0, full, 2, command.length);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " did not finish");
        }
        return output;
    }

    private long status(String field) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + field + ":\\s+(\\d+)").matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!matcher.find()) {
            throw new IOException(field + " not in /proc/" + pid + "/status");
        }
        return Long.parseLong(matcher.group(1));
    }
}
