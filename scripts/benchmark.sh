#!/usr/bin/env bash
# Every benchmark figure of docs/benchmarks.md in one command: builds the WAR and the test classes,
# starts a standalone benchmark server (the product's configuration with the test identity
# provider trusted; no test-only shortened timeouts), runs TerminalBenchmark against it with JFR
# recordings and FilesBenchmark against it, stops it, then runs GatewayBenchmark and FilesBenchmark
# on the gateway/agent integration-test servers. Prints RESULT lines and keeps everything in target/bench/.
#
#   scripts/benchmark.sh [parts]       parts: baseline,throughput,attach,echo,memory,gateway,files,files-gateway (all),
#                                      or recording (session recording's cost on throughput; only when named)
#
# Environment: BENCH_HTTP_PORT (9290; the gateway pair uses the next four and +10),
# BENCH_HTTPS_PORT (9690), BENCH_RUNS (5), BENCH_ECHO (1,10,50,200,500,1000), BENCH_ECHO_SECONDS (5),
# BENCH_MEMORY (200,1000), BENCH_SKIP_BUILD=1 (reuse the last build), BENCH_MAVEN_OPTS (e.g. -o),
# BENCH_JFR_OPTIONS (more JFR.start options for every recording, e.g. JDK 25's method-timing=...).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_HTTP_PORT:-9290}
HTTPS_PORT=${BENCH_HTTPS_PORT:-9690}
PARTS=${1:-baseline,throughput,attach,echo,memory,gateway,files,files-gateway}
OUT=target/bench
WLP=$PWD/target/liberty/wlp
SERVER=coditectBench$PORT
DIR=$WLP/usr/servers/$SERVER

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    ./mvnw -q ${BENCH_MAVEN_OPTS:-} -DskipTests -Dit.http.port="$PORT" -Dit.https.port="$HTTPS_PORT" package pre-integration-test
    ./mvnw -q ${BENCH_MAVEN_OPTS:-} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi
# The JDK ./mvnw chose is the one the servers run on (LibertyServer passes it on) and the client's.
JAVA_HOME=$(./mvnw -v 2>/dev/null | sed -n 's/.*runtime: //p')
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
CP="target/classes:target/test-classes:$(cat target/bench.classpath)"
JAVA_OPTS=(--enable-native-access=ALL-UNNAMED -Dbench.runs="${BENCH_RUNS:-5}"
    -Dbench.echo="${BENCH_ECHO:-1,10,50,200,500,1000}" -Dbench.echo.seconds="${BENCH_ECHO_SECONDS:-5}"
    -Dbench.memory="${BENCH_MEMORY:-200,1000}" -Dbench.jfr="$OUT" -Dbench.jfr.options="${BENCH_JFR_OPTIONS:-}")
mkdir -p "$OUT"

{
    echo "benchmark $(date -u +%FT%TZ) on $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);"
    echo "JDK: $("$JAVA" -version 2>&1 | head -1); commit $(git rev-parse --short HEAD)"
    echo "cpu pressure before: $(head -1 /proc/pressure/cpu); load $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt"

STANDALONE_PARTS=$(echo "$PARTS" | tr ',' '\n' | grep -v -x -e gateway -e files -e files-gateway | paste -sd, || true)
if [[ -n "$STANDALONE_PARTS" || ",$PARTS," == *",files,"* ]]; then
    # The benchmark server: the gateway/agent servers' server.xml (the WAR, no Arquillian), standalone.
    rm -rf "$DIR" target/bench-data
    mkdir -p "$DIR"
    GATEWAY_DIR=$WLP/usr/servers/coditectGatewayIT$PORT
    cp "$GATEWAY_DIR/server.xml" "$GATEWAY_DIR/coditect.xml" "$GATEWAY_DIR/bootstrap.properties" "$DIR/"
    cat > "$DIR/server.env" <<EOF
HTTP_PORT=$PORT
HTTPS_PORT=$HTTPS_PORT
MANAGEMENT_PORT=$((PORT + 40))
CODITECT_ROLE=standalone
CODITECT_DATA_DIR=$PWD/target/bench-data
MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:$PWD/src/test/resources/test-idp/public-key.pem
MP_JWT_VERIFY_ISSUER=coditect-test-idp
MP_JWT_VERIFY_AUDIENCES=coditect
$(grep '^keystore_password=' "$GATEWAY_DIR/server.env")
# One user per workspace and 10 terminals each keep every per-user and per-workspace limit; these
# only make sure a 1,000-terminal run is never refused by a rate or idle limit.
CODITECT_RATE_LIMIT_CREATE_REQUESTS=100000
CODITECT_RATE_LIMIT_TOKEN_REQUESTS=100000
CODITECT_WORKSPACE_IDLE_TIMEOUT=PT2H
CODITECT_WORKSPACE_MAX_RUNNING_PER_USER=1000
CODITECT_WORKSPACE_MAX_PER_USER=1000
CODITECT_TERMINAL_MAX_PER_WORKSPACE=1000
EOF
    "$WLP/bin/server" start "$SERVER" > "$OUT/server-start.txt"
    trap '"$WLP/bin/server" stop "$SERVER" > /dev/null || true' EXIT
    for _ in $(seq 240); do
        # Health answers on the management port, 40 above (server.env; testing.Api.MANAGEMENT_PORT_OFFSET).
        curl -fs "http://localhost:$((PORT + 40))/health/ready" > /dev/null && break
        sleep 0.5
    done
    PID=$(cat "$WLP/usr/servers/.pid/$SERVER.pid")
    if [[ -n "$STANDALONE_PARTS" ]]; then
        "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" io.coditect.bench.TerminalBenchmark "http://localhost:$PORT" "$PID" \
            "$STANDALONE_PARTS" 2>&1 | tee "$OUT/standalone.txt"
    fi
    if [[ ",$PARTS," == *",files,"* ]]; then
        "$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" io.coditect.bench.FilesBenchmark direct "http://localhost:$PORT" \
            "$PWD/target/bench-data" 2>&1 | tee "$OUT/files.txt"
    fi
    "$WLP/bin/server" stop "$SERVER" > /dev/null
    trap - EXIT
    # Where the server's CPU went while it streamed and while the most terminals typed.
    for recording in "$OUT"/*.jfr; do
        [[ -e "$recording" ]] || continue
        echo "== $recording: hot methods (JFR execution samples) ==" | tee -a "$OUT/profile.txt"
        "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$recording" 2>&1 | head -30 | tee -a "$OUT/profile.txt"
    done
    # Create to prompt is mostly waiting, which execution samples do not show: the waits by kind, and
    # the wall time of the methods named in BENCH_JFR_OPTIONS' method-timing (JDK 25).
    if [[ -e "$OUT/attach.jfr" ]]; then
        for view in latencies-by-type method-timing; do
            echo "== $OUT/attach.jfr: $view ==" | tee -a "$OUT/profile.txt"
            "$JAVA_HOME/bin/jfr" view --width 160 "$view" "$OUT/attach.jfr" 2>&1 | head -40 | tee -a "$OUT/profile.txt" || true
        done
    fi
fi

if [[ ",$PARTS," == *",gateway,"* ]]; then
    "$JAVA" "${JAVA_OPTS[@]}" -Dcoditect.it.base-url="http://localhost:$PORT" -cp "$CP" io.coditect.bench.GatewayBenchmark \
        "$PORT" "$WLP" "$PWD/target/it-agent-workspace" 2>&1 | tee "$OUT/gateway.txt"
fi
if [[ ",$PARTS," == *",files-gateway,"* ]]; then
    "$JAVA" "${JAVA_OPTS[@]}" -Dcoditect.it.base-url="http://localhost:$PORT" -cp "$CP" io.coditect.bench.FilesBenchmark \
        gateway "$PORT" "$WLP" "$PWD/target/it-agent-workspace" 2>&1 | tee "$OUT/files-gateway.txt"
fi
echo "cpu pressure after: $(head -1 /proc/pressure/cpu); load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
grep -h '^RESULT' "$OUT"/standalone.txt "$OUT"/gateway.txt "$OUT"/files.txt "$OUT"/files-gateway.txt 2>/dev/null || true
