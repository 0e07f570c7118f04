# syntax=docker/dockerfile:1
#
# Coditect Workspace Gateway: one image for both Kubernetes roles, picked at run time by
# CODITECT_ROLE (gateway in the Deployment, agent in each workspace pod; unset it is standalone).
# README.md "Container image" says how to build it; src/test/java/io/coditect/deploy checks it.
#
# The base images are Docker Hub short names with pinned tags; to pull through a mirror, pass
# --build-arg BUILD_IMAGE=... / LIBERTY_IMAGE=... rather than editing them here.
ARG BUILD_IMAGE=maven:3.9.9-eclipse-temurin-21
ARG LIBERTY_IMAGE=openliberty/open-liberty:26.0.0.3-full-java21-openj9-ubi-minimal

# --- Build: the WAR, with the project's own wrapper. ./mvnw fetches the Maven version pinned in
# .mvn/wrapper through the image's mvn and checks its SHA-256; the image's JDK 21 compiles. The
# browser client's bundle is built by the same Maven build with Node.js and npm, from the
# distribution's packages (npm ci installs the pinned packages of src/main/web's lockfile).
FROM ${BUILD_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
# Tests run in CI (./mvnw verify), not in the image build: they need ports and a Liberty runtime.
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    ./mvnw -B -ntp package -Dmaven.test.skip=true

# --- Run: the official Open Liberty image (full runtime, the one the build tests against), Java 21.
FROM ${LIBERTY_IMAGE}
ARG VERBOSE=false

# In a container the server listens on every interface (the kubelet probes the pod's address), on
# 8080 (the port the Deployment and the workspace StatefulSet use) and on the management port 8081
# (health, metrics, OpenAPI: the probes and Prometheus), plain HTTP only: TLS ends at the ingress.
# HTTP_PORT, HTTPS_PORT, MANAGEMENT_PORT, CODITECT_HTTP_HOST and CODITECT_HTTP_HOST_ALIASES override
# the Liberty variables of src/main/liberty/config/coditect.xml; -1 switches the HTTPS port off, so
# the application's Host aliases are the HTTP port and the front door's Host ports 80 and 443.
# CODITECT_DATA_DIR is the one directory the application writes.
ENV CODITECT_HTTP_HOST="*" \
    HTTP_PORT=8080 \
    HTTPS_PORT=-1 \
    MANAGEMENT_PORT=8081 \
    CODITECT_HTTP_HOST_ALIASES="*:8080,*:80,*:443" \
    CODITECT_DATA_DIR=/var/lib/coditect

# Two malloc arenas for the server's JVM instead of glibc's eight per CPU: in the soak of 2026-12-03
# an agent's memory outside what the JVM accounts for was 47 to 49 MiB with it and 71 to 80 MiB
# without, same run (docs/benchmarks.md). The shells do not inherit it: the terminal engine gives
# them an environment of their own.
ENV MALLOC_ARENA_MAX=2

# The FoundationDB client library, which fdb-java's libfdb_java.so loads by name (libfdb_c.so, from
# the linker's default directory): FoundationDB's released x86_64 build, pinned by version and
# checksum; the build fails if the download differs. Its major.minor is fdb-java's in pom.xml (the
# API version the code selects) and the FoundationDBCluster's (k8s/components/foundationdb): a 7.3
# client talks to 7.3 servers. To move to another release, take the checksum from the release's
# own libfdb_c.x86_64.so.sha256 asset (docs/deployment.md, "Image"). Owned by root, read-only to
# the server user. x86_64 only: an arm64 image needs libfdb_c.aarch64.so
# and its checksum.
ADD --checksum=sha256:617572467897d0360f76ffc33f24b58090ee691e3273750d2ff334cc71aae3fa --chmod=0755 \
    https://github.com/apple/foundationdb/releases/download/7.3.77/libfdb_c.x86_64.so /usr/lib64/libfdb_c.so

# Liberty's image layout: configuration first, then features.sh (a no-op on the full image, kept so
# a kernel-slim base also works), then the application, then configure.sh.
COPY --chown=1001:0 src/main/liberty/config/ /config/
RUN features.sh
COPY --chown=1001:0 --from=build /build/target/coditect.war /config/apps/coditect.war

# The data directory, owned by the server's user (group 0 writable for platforms that run the image
# under an arbitrary UID in group 0). Logs go to /logs and Liberty's work files to
# /opt/ol/wlp/output, both already the user's in the base image.
# At run time the server writes only to these four directories: /opt/ol/wlp/output (Liberty's
# work area and generated keystore), /logs, /tmp (Java's temporary files, fdb-java's unpacked
# libfdb_java.so among them) and CODITECT_DATA_DIR, so the pods run it on a read-only root
# filesystem with an emptyDir at each (docs/deployment.md, "Security").
USER root
RUN mkdir -p /var/lib/coditect && chown 1001:0 /var/lib/coditect && chmod 0770 /var/lib/coditect
USER 1001

# configure.sh applies Liberty's fixes, writes configDropins/defaults/keystore.xml with a password it
# draws at random now (openssl rand) and warms the class cache by starting the server twice. The
# keystore that password opens is created by each container at its first start, under
# /opt/ol/wlp/output: it holds a self-signed key that no listener uses (HTTPS is off) and that
# MicroProfile JWT only needs to exist; JWTs are verified with the identity provider's public key.
# The warm-up runs with a throw-away data directory, so no store or key from the build ends up in
# the image.
RUN CODITECT_DATA_DIR=/tmp/coditect-image-build \
    WARM_ENDPOINT_URL=http://localhost:8081/health/started \
    WARM_OPENAPI_ENDPOINT_URL=http://localhost:8081/openapi \
    configure.sh \
 && rm -rf /tmp/coditect-image-build

EXPOSE 8080 8081
