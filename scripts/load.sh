#!/usr/bin/env bash
# The load and soak tool (src/load/java, io.coditect.load.Soak) in one command: builds the WAR, the
# Liberty runtime and the gateway/agent server directories, then plays virtual users against two
# gateway replicas behind HAProxy with one agent per user (all started by the tool on loopback),
# drains and kills replicas, and writes CSV, SVG charts and summary.md to --out.
#
#   scripts/load.sh --users=20 --duration=60m --steps=30:10m --ramp-up=60s --terminals=3 \
#                   --drain-every=4m --kill-at=25m --port=9300 --out=target/load/soak
#   scripts/load.sh --url=http://localhost:9080 --pid=1234 --users=5 --duration=10m   (a running standalone server)
#
# `--jvm-args="-XX:NativeMemoryTracking=summary"` passes JVM options to every server it starts.
# `touch <out>/stop` ends a run early (after its checks, with its summary). Arguments: see LoadSettings. Environment: LOAD_IT_PORT (9180: the build's it.http.port, which names
# the server directories copied), LOAD_SKIP_BUILD=1 (reuse the last build), LOAD_MAVEN_OPTS (e.g. -o).
# Needs Debian's haproxy (apt-get install haproxy). Exit status 0 only when no byte was lost or
# duplicated and no unexpected error happened.
set -euo pipefail
cd "$(dirname "$0")/.."

IT_PORT=${LOAD_IT_PORT:-9180}
if [[ "${LOAD_SKIP_BUILD:-0}" != 1 ]]; then
    ./mvnw -q ${LOAD_MAVEN_OPTS:-} -DskipTests -Dit.http.port="$IT_PORT" package pre-integration-test
    ./mvnw -q ${LOAD_MAVEN_OPTS:-} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/load.classpath
fi
# The JDK ./mvnw chose runs the servers (LibertyServer passes it on) and the tool.
JAVA_HOME=$(./mvnw -v 2>/dev/null | sed -n 's/.*runtime: //p')
export JAVA_HOME
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dcoditect.it.start-timeout-minutes=${LOAD_START_MINUTES:-15} \
    -cp "target/classes:target/test-classes:$(cat target/load.classpath)" io.coditect.load.Soak --it-port="$IT_PORT" "$@"
