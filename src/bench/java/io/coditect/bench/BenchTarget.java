package io.coditect.bench;

import java.nio.file.Path;

/**
 * What every part of {@link TerminalBenchmark} measures with: the number of runs per figure, the
 * server's process (null when its pid is not given), the WebSocket load client, the REST client,
 * the server's own phase timers, and where JFR recordings of the server go (null: none).
 */
record BenchTarget(int runs, ServerProcess server, WebSocketLoad load, BenchClient api, ServerPhases phases, Path jfr) {
    /** The server's pid, or -1 when it is not known (its CPU time is then not read). */
    long serverPid() {
        return server == null ? -1 : server.pid();
    }

    /** Starts a JFR recording of the server, when recordings were asked for. */
    void startRecording(String name) throws Exception {
        if (jfr != null) {
            server.startRecording(name);
        }
    }

    /** Stops that recording into {@code file} in the recordings' directory. */
    void stopRecording(String name, String file) throws Exception {
        if (jfr != null) {
            server.stopRecording(name, jfr.resolve(file));
        }
    }
}
