package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.deploy.Dockerfile.Copy;
import io.coditect.deploy.Dockerfile.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after the package phase: every file the Dockerfile copies exists, either in the build
 * context (and not left out by .dockerignore) or as what the build stage's ./mvnw package makes,
 * which this very build has just made in target/.
 */
class DockerfileIT {
    private final Dockerfile dockerfile = ImageSettings.dockerfile();
    private final DockerIgnore ignore = DockerIgnore.read(Project.file(".dockerignore"));

    @Test
    void everyCopySource_existsAfterTheBuild_andReachesTheBuilder() {
        int checked = 0;
        for (Stage stage : dockerfile.stages()) {
            for (Copy copy : stage.copies()) {
                for (String source : copy.sources()) {
                    if (copy.from().isPresent()) {
                        assertBuiltByStage(dockerfile.stage(copy.from().get()), source);
                    } else {
                        assertInContext(source);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    private void assertInContext(String source) {
        Path path = Project.file(source);

        assertThat(path).as("COPY source " + source).exists();
        assertThat(ignore.excludes(source)).as(source + " is left out by .dockerignore").isFalse();
        if (Files.isDirectory(path)) {
            assertThat(filesIn(path)).as("files of " + source + " that reach the builder")
                    .anyMatch(file -> !ignore.excludes(Project.root().relativize(file).toString()));
        }
    }

    private static void assertBuiltByStage(Stage stage, String source) {
        String workdir = stage.workdir().orElseThrow() + "/";

        assertThat(source).as("COPY --from source").startsWith(workdir);
        assertThat(Project.file(source.substring(workdir.length())))
                .as(source + ", made by the build stage's package run").isRegularFile();
    }

    private static Stream<Path> filesIn(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
