package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.deploy.Dockerfile.Copy;
import io.coditect.deploy.Dockerfile.Instruction;
import io.coditect.deploy.Dockerfile.Stage;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Dockerfile, checked without a container engine (DockerfileIT checks its COPY sources after the build). */
class DockerfileTest {
    private final Dockerfile dockerfile = ImageSettings.dockerfile();
    private final Stage image = dockerfile.last();

    @Test
    void image_endsAsUser1001_notRoot() {
        String user = image.user().orElseThrow(() -> new AssertionError("the final stage never sets USER"));

        assertThat(user.split(":")[0]).isEqualTo("1001");
    }

    @Test
    void exposedPorts_areThePortsTheServerListensOn_applicationAndManagement() {
        String portVariable = LibertyConfig.variableOf(LibertyConfig.httpEndpoint(), "httpPort");
        String managementVariable = LibertyConfig.variableOf(LibertyConfig.managementEndpoint(), "httpPort");

        assertThat(image.env()).containsKeys(LibertyConfig.environmentName(portVariable),
                LibertyConfig.environmentName(managementVariable));
        assertThat(image.exposedPorts()).containsExactly(String.valueOf(ImageSettings.httpPort()),
                String.valueOf(ImageSettings.managementPort()));
        assertThat(ImageSettings.httpPort()).isEqualTo(8080);
        assertThat(ImageSettings.managementPort()).isEqualTo(8081);
    }

    @Test
    void server_listensOnEveryInterface_withHttpsOff() {
        String hostVariable = LibertyConfig.variableOf(LibertyConfig.httpEndpoint(), "host");
        String httpsVariable = LibertyConfig.variableOf(LibertyConfig.httpEndpoint(), "httpsPort");

        assertThat(image.env()).containsEntry(LibertyConfig.environmentName(hostVariable), "*");
        assertThat(image.env()).containsEntry(LibertyConfig.environmentName(httpsVariable), "-1");
    }

    @Test
    void baseImages_arePinnedShortNames_withoutARegistryHost() {
        for (Stage stage : dockerfile.stages()) {
            String image = stage.image();
            String repository = image.substring(0, image.lastIndexOf(':'));
            String tag = image.substring(image.lastIndexOf(':') + 1);

            assertThat(tag).as(image).isNotBlank().isNotEqualTo("latest").matches(".*\\d.*");
            assertThat(repository.split("/")[0]).as("registry host in " + image).doesNotContain(".", ":");
        }
        assertThat(image.image()).startsWith("openliberty/open-liberty:").contains("-java21-");
    }

    @Test
    void runStage_followsLibertyImageLayout_configThenFeaturesThenAppThenConfigure() {
        int config = image.indexOf("COPY", "src/main/liberty/config/");
        int features = image.indexOf("RUN", "features.sh");
        int application = image.indexOf("COPY", ".war");
        int configure = image.indexOf("RUN", "configure.sh");

        assertThat(List.of(config, features, application, configure)).doesNotContain(-1).isSorted();
    }

    @Test
    void war_isTheOneTheBuildMakes_deployedWhereServerXmlLooks() {
        Copy war = image.copies().stream().filter(copy -> copy.from().isPresent()).findFirst().orElseThrow();
        String finalName = firstGroup("<finalName>([^<]+)</finalName>", Project.read("pom.xml"));
        String location = firstGroup("<webApplication[^>]*location=\"([^\"]+)\"",
                Project.read("src/main/liberty/config/server.xml"));

        assertThat(war.from()).contains("build");
        assertThat(war.sources()).containsExactly(
                dockerfile.stage("build").workdir().orElseThrow() + "/target/" + finalName + ".war");
        assertThat(war.destination()).isEqualTo("/config/apps/" + location);
    }

    @Test
    void buildStage_packagesWithTheProjectsWrapper() {
        Stage build = dockerfile.stage("build");

        assertThat(build.all("RUN")).anySatisfy(run -> assertThat(run.operands())
                .startsWith("./mvnw").contains("package"));
    }

    @Test
    void copies_giveTheFilesToTheServerUser() {
        assertThat(image.copies()).allSatisfy(copy -> assertThat(copy.chown()).as("COPY line " + copy.line())
                .isEqualTo("1001:0"));
    }

    @Test
    void dataDirectory_isMadeForTheServerUser() {
        String dataDirectory = ImageSettings.dataDirectory();

        assertThat(dataDirectory).startsWith("/");
        assertThat(image.all("RUN")).anySatisfy(run -> assertThat(run.arguments())
                .contains("mkdir -p " + dataDirectory)
                .contains("chown 1001:0 " + dataDirectory));
    }

    @Test
    void image_bakesInNoSecret() {
        List<String> names = dockerfile.stages().stream()
                .flatMap(stage -> Stream.concat(stage.env().keySet().stream(),
                        stage.all("ARG").stream().map(arg -> arg.arguments().split("=")[0])))
                .toList();

        List<String> shipped = image.copies().stream()
                .filter(copy -> copy.from().isEmpty())
                .flatMap(copy -> copy.sources().stream())
                .flatMap(source -> filesUnder(Project.file(source)))
                .toList();

        assertThat(names).noneMatch(name -> name.matches("(?i).*(password|secret|token|credential|private).*"));
        assertThat(shipped).isNotEmpty().noneMatch(file -> file.matches(".*(\\.(pem|key|p12|jks)|/server\\.env)$"));
        assertThat(shipped.stream().filter(file -> file.endsWith("/bootstrap.properties")).flatMap(DockerfileTest::lines))
                .noneMatch(line -> !line.startsWith("#") && line.matches("(?i)[^=]*(password|secret|token|credential|private)[^=]*=.*"));
    }

    @Test
    void foundationDbClient_isThePinnedReleaseLibrary_checkedBySha256_whereTheLinkerLooks() {
        List<Instruction> adds = image.all("ADD").stream()
                .filter(instruction -> instruction.arguments().contains("libfdb_c"))
                .toList();
        assertThat(adds).as("ADD of libfdb_c in the run stage").hasSize(1);
        Instruction add = adds.getFirst();
        List<String> operands = add.operands();
        String fdbJava = firstGroup("<fdb.version>([^<]+)</fdb.version>", Project.read("pom.xml"));

        assertThat(add.flags().get("checksum")).as("ADD --checksum").matches("sha256:[0-9a-f]{64}");
        assertThat(operands).hasSize(2);
        assertThat(operands.getFirst()).matches("https://[^ ]+/releases/download/\\d+\\.\\d+\\.\\d+/libfdb_c\\.x86_64\\.so")
                .doesNotContain("$");
        assertThat(FoundationDbTest.imageClientVersion()).startsWith(fdbJava.substring(0, fdbJava.lastIndexOf('.') + 1));
        // libfdb_java.so (unpacked by fdb-java) asks the dynamic linker for libfdb_c.so by name.
        assertThat(operands.getLast()).isEqualTo("/usr/lib64/libfdb_c.so");
        // Root's and read-only to the server user; readable and mappable by everyone.
        assertThat(add.flags()).doesNotContainKey("chown").containsEntry("chmod", "0755");
    }

    @Test
    void runStage_writesOnlyWhereTheReadOnlyRootHasAWritableVolume() {
        List<String> writable = Stream.concat(PodChecks.LIBERTY_WRITES.stream(), Stream.of(ImageSettings.dataDirectory()))
                .toList();
        // Directories the stage makes for the server, and environment that points the server somewhere to write.
        List<String> made = image.all("RUN").stream()
                .flatMap(run -> Pattern.compile("mkdir -p (/[^ ;&]+)").matcher(run.arguments()).results())
                .map(match -> match.group(1))
                .toList();
        List<String> writeTargets = image.env().entrySet().stream()
                .filter(entry -> entry.getKey().matches("CODITECT_DATA_DIR|WLP_OUTPUT_DIR|LOG_DIR|TMPDIR|X_LOG_DIR"))
                .map(Map.Entry::getValue)
                .toList();

        assertThat(made).isNotEmpty().allSatisfy(directory -> assertThat(writable).contains(directory));
        assertThat(writeTargets).isNotEmpty().allSatisfy(directory -> assertThat(writable).anySatisfy(root ->
                assertThat(directory).startsWith(root)));
        assertThat(image.env().getOrDefault("JVM_ARGS", "") + image.env().getOrDefault("JAVA_TOOL_OPTIONS", ""))
                .doesNotContain("java.io.tmpdir");
        // Every one of those is an emptyDir in the gateway's pods (and the workspace pods: WorkspaceTemplateTest).
        PodSpec gateway = Manifests.one("k8s/base", Deployment.class, "coditect-gateway").getSpec().getTemplate().getSpec();
        PodChecks.assertWritableWhereTheImageWrites(gateway, gateway.getContainers().getFirst());
    }

    private static Stream<String> lines(String file) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)).stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void dockerignore_keepsOutBuildOutputTestKeysAndTheWorkTreesClutter() {
        DockerIgnore ignore = DockerIgnore.read(Project.file(".dockerignore"));

        assertThat(List.of("target/coditect.war", "src/test/resources/test-idp/private-key.pem", ".git/config",
                ".ci/checks/node_modules/js-yaml/package.json", "src/main/web/node_modules/@xterm/xterm/package.json",
                ".env", "k8s/base/deployment.yaml"))
                .allSatisfy(path -> assertThat(ignore.excludes(path)).as(path).isTrue());
    }

    private static Stream<String> filesUnder(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).map(Path::toString).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstGroup(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1);
    }
}
