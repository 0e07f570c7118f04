package io.coditect.terminal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    void hook_everyPrompt_forksNoProcess() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed: the forks cannot be counted");
        Process probe = new ProcessBuilder("/usr/bin/strace", "-o", "/dev/null", "/bin/true").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "strace may not trace here (no ptrace permission): the forks cannot be counted");
        ShellHooks hooks = new ShellHooks(root.resolve("hooks"));
        List<String> command = hooks.command("ws-1", "t-1", "/bin/bash", List.of());
        Path trace = root.resolve("trace");

        // What bash runs before each prompt, 5 times, with every process-related system call traced.
        ProcessBuilder bash = new ProcessBuilder("/usr/bin/strace", "-f", "-qq", "-e", "trace=process", "-o", trace.toString(),
                "/bin/bash", "-c", "export FOO=bar; source " + ShellHooks.quote(command.getLast())
                        + "; for i in 1 2 3 4 5; do __coditect_report; done")
                .redirectErrorStream(true).redirectOutput(root.resolve("out").toFile()).directory(root.toFile());
        bash.environment().put("HOME", root.toString());
        Process running = bash.start();
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(running.exitValue()).as(Files.readString(root.resolve("out"))).isZero();
        ShellHooks.Report report = hooks.read("ws-1", "t-1", ShellHooks.Report.NONE);
        assertThat(report.env()).containsEntry("FOO", "bar");
        assertThat(Files.readAllLines(trace)).isNotEmpty().noneMatch(line -> line.matches(".*\\b(v?fork|clone3?)\\(.*"));
    }

    @Test
    void read_filesUnchanged_previousReportAsIs_changedFileReadAgain() throws Exception {
        ShellHooks hooks = new ShellHooks(root);
        hooks.command("ws-1", "t-1", "/bin/bash", List.of());
        Path env = root.resolve("ws-1/t-1/env");
        Files.write(env, ("A=1\0" + ShellHooks.END_MARKER + "\0").getBytes(StandardCharsets.UTF_8));
        Files.writeString(root.resolve("ws-1/t-1/history"), "ls\n");

        ShellHooks.Report first = hooks.read("ws-1", "t-1", ShellHooks.Report.NONE);
        assertThat(first.env()).isEqualTo(Map.of("A", "1"));
        assertThat(first.history()).containsExactly("ls");
        assertThat(hooks.read("ws-1", "t-1", first)).isSameAs(first);

        Files.write(env, ("A=2\0" + ShellHooks.END_MARKER + "\0").getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(env, FileTime.fromMillis(first.envStamp().modified().toMillis() + 1000));
        ShellHooks.Report second = hooks.read("ws-1", "t-1", first);
        assertThat(second.env()).isEqualTo(Map.of("A", "2"));
        // The history file did not change: the list read before is kept, not read again.
        assertThat(second.history()).isSameAs(first.history());
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
