package io.coditect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU time used so far (user + system, every thread, from {@code /proc}) by the server process, by
 * the processes the server started (the shells), by this client and by the whole machine. A
 * difference of two readings divided by the work done (keys, megabytes) is far less noisy on a
 * shared machine than latency: it counts what the work cost, not how long it waited for a core.
 */
record CpuTime(long serverMillis, long shellsMillis, long clientMillis, long machineMillis) {
    private static final long TICK_MILLIS = 10; // USER_HZ is 100 on Linux

    static CpuTime now(long serverPid) {
        return new CpuTime(serverPid > 0 ? process(serverPid) : 0, serverPid > 0 ? children(serverPid) : 0,
                process(ProcessHandle.current().pid()), machine());
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(serverMillis - earlier.serverMillis, shellsMillis - earlier.shellsMillis,
                clientMillis - earlier.clientMillis, machineMillis - earlier.machineMillis);
    }

    /** Each part's CPU per unit of work, e.g. per key in microseconds when {@code scale} is 1000. */
    String per(double units, double scale, String unit) {
        return String.format(Locale.ROOT, "server %.1f, shells %.1f, client %.1f, whole machine %.1f %s",
                serverMillis * scale / units, shellsMillis * scale / units, clientMillis * scale / units,
                machineMillis * scale / units, unit);
    }

    private static long process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS;
        } catch (IOException | RuntimeException e) {
            return 0; // the process has just ended
        }
    }

    private static long children(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.flatMap(task -> {
                try {
                    return Stream.of(Files.readString(task.resolve("children")).trim().split(" "));
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).filter(child -> !child.isEmpty()).mapToLong(child -> process(Long.parseLong(child))).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long machine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
            long busy = 0;
            // user nice system idle iowait irq softirq steal: everything but idle and iowait
            for (int i = 1; i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy * TICK_MILLIS;
        } catch (IOException e) {
            return 0;
        }
    }
}
