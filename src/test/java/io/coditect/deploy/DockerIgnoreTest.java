package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    @Test
    void excludes_starThenAllowedDirectory_keepsItsFilesOnly() {
        DockerIgnore ignore = DockerIgnore.parse("*\n!src\n");

        assertThat(ignore.excludes("src/main/java/A.java")).isFalse();
        assertThat(ignore.excludes("target/a.war")).isTrue();
        assertThat(ignore.excludes("pom.xml")).isTrue();
    }

    @Test
    void excludes_laterPattern_winsOverEarlier() {
        DockerIgnore ignore = DockerIgnore.parse("# comment\n*\n!src\nsrc/test\n");

        assertThat(ignore.excludes("src/test/resources/key.pem")).isTrue();
        assertThat(ignore.excludes("src/main/resources/app.properties")).isFalse();
    }

    @Test
    void excludes_doubleStar_matchesAtAnyDepth() {
        DockerIgnore ignore = DockerIgnore.parse("**/*.log\n");

        assertThat(ignore.excludes("a/b/c.log")).isTrue();
        assertThat(ignore.excludes("c.log")).isTrue();
        assertThat(ignore.excludes("a/b/c.txt")).isFalse();
    }

    @Test
    void excludes_singleStar_staysWithinOneDirectory() {
        DockerIgnore ignore = DockerIgnore.parse("docs/*.md\n");

        assertThat(ignore.excludes("docs/a.md")).isTrue();
        assertThat(ignore.excludes("docs/sub/a.md")).isFalse();
    }
}
