package io.coditect.bench;

import java.nio.file.Path;

/**
 * What every part of {@link TerminalBenchmark} measures with: the number of runs per figure, the
 * server's process (null when its pid is not given), the WebSocket load client, the REST client,
 * the server's own phase timers, and where JFR recordings of the server go (null: none).
 */
record BenchTarget(int runs, ServerProcess server, WebSocketLoad load, BenchClient api, ServerPhases phases, Path jfr) {
}
