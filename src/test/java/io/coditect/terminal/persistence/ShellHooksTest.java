package io.coditect.terminal.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellHooksTest {
    @TempDir
    Path root;

    @Test
    void parseEnv_completeFile_variablesWithoutUnderscore() {
        byte[] file = ("FOO=bar\0MULTI=a\nb=c\0_=/usr/bin/env\0" + ShellHooks.END_MARKER + "\0")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(ShellHooks.parseEnv(file)).containsOnly(
                java.util.Map.entry("FOO", "bar"), java.util.Map.entry("MULTI", "a\nb=c"));
    }

    @Test
    void parseEnv_fileCutShort_null() {
        assertThat(ShellHooks.parseEnv("FOO=bar\0BAZ=qu".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ShellHooks.parseEnv(new byte[0])).isNull();
    }

    @Test
    void command_bash_rcfileAndSavedHistoryReadableByOwnerOnly() throws Exception {
        ShellHooks hooks = new ShellHooks(root);

        List<String> command = hooks.command("ws-1", "t-1", "/bin/bash", List.of("cd /tmp", "echo it's"));

        Path directory = root.resolve("ws-1/t-1");
        assertThat(command).containsExactly("/bin/bash", "--rcfile", directory.resolve("bashrc").toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("bashrc"))))
                .isEqualTo("rw-------");
        assertThat(Files.readAllLines(directory.resolve("restore-history"))).containsExactly("cd /tmp", "echo it's");
        assertThat(Files.readString(directory.resolve("bashrc"))).contains("history -r", ". ~/.bashrc");
    }

    @Test
    void command_otherShell_startedAsItIs() {
        assertThat(new ShellHooks(root).command("ws-1", "t-1", "/bin/sh", List.of("ls"))).containsExactly("/bin/sh");
        assertThat(root.resolve("ws-1")).doesNotExist();
    }

    @Test
    void quote_singleQuote_survivesBash() {
        assertThat(ShellHooks.quote("/a b/it's")).isEqualTo("'/a b/it'\\''s'");
    }
}
