package io.coditect.load;

import io.coditect.testing.Api;
import io.coditect.testing.FilesApi;
import io.coditect.testing.TestIdentityProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One user at the keyboard: signs in (a token from the identity provider), finds and checks its
 * workspace, opens its terminals and then, until told to stop, types commands key by key with
 * think time (each key's echo timed) in the first terminal, starts jobs that print numbered lines
 * in the others (a build log, now and then a {@code yes | head} flood), resizes, drops a connection
 * and re-attaches at a random moment, and writes and reads back a file through the files API. At
 * the end it lets its jobs finish, compares the last bytes it holds of each terminal with the
 * server's replay of them, and deletes its terminals.
 */
final class VirtualUser implements Runnable {
    private static final Duration JOB_LIMIT = Duration.ofMinutes(3);
    /** How long after a job's command was sent a cut connection may still have lost it. */
    private static final Duration INPUT_IN_FLIGHT = Duration.ofSeconds(10);
    private static final String[] COMMANDS = {"ls -la", "pwd", "date", "echo ok", "git status", "ls notes", "uname -a",
        "wc -c notes/*", "echo $HOME"};

    private final String user;
    private final String workspace;
    private final URI base;
    private final int terminals;
    private final Recorder recorder;
    private final Chaos chaos;
    private final HttpClient http;
    private final Random random;
    private final int number;
    private final List<TerminalLink> links = new ArrayList<>();
    private final Map<TerminalLink, String> running = new HashMap<>();
    private final Map<String, Long> startedAt = new HashMap<>();
    private volatile boolean stop;
    private int jobs;

    VirtualUser(int number, String user, String workspace, URI base, int terminals, Recorder recorder, Chaos chaos,
                HttpClient http) {
        this.number = number;
        this.user = user;
        this.workspace = workspace;
        this.base = base;
        this.terminals = terminals;
        this.recorder = recorder;
        this.chaos = chaos;
        this.http = http;
        this.random = new Random(number * 7919L);
    }

    void stop() {
        stop = true;
    }

    /** Numbered job lines that never arrived, over this user's terminals. */
    long lostLines() {
        return links.stream().mapToLong(link -> link.check.lostLines()).sum();
    }

    long duplicateLines() {
        return links.stream().mapToLong(link -> link.check.duplicateLines()).sum();
    }

    private String token() {
        return TestIdentityProvider.token(user);
    }

    @Override
    public void run() {
        recorder.activeUsers.incrementAndGet();
        try {
            signIn();
            for (int i = 0; i < terminals; i++) {
                TerminalLink link = new TerminalLink(http, base, workspace, createTerminal(), this::token, recorder, chaos,
                        this::listTerminals);
                link.reattach(Duration.ofMinutes(2));
                if (!link.awaitTail(VirtualUser::prompt, Duration.ofSeconds(60))) {
                    recorder.error("no_prompt", chaos.expectedNow(), link.id());
                }
                links.add(link);
            }
            call("POST", FilesApi.path(workspace, "notes"), "{\"type\":\"directory\",\"parents\":true}", 201);
            while (!stop) {
                step();
            }
            finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            recorder.error("user_failed", false, user + " " + e);
        } finally {
            links.forEach(TerminalLink::close);
            recorder.activeUsers.decrementAndGet();
        }
    }

    private static boolean prompt(String tail) {
        return tail.endsWith("$ ") || tail.endsWith("# ");
    }

    private void signIn() {
        Api.Reply listing = retrying("GET", "/api/v1/workspaces", null, 200);
        if (!listing.body().contains(workspace)) {
            recorder.error("workspace_missing", false, user + " does not see " + workspace);
        }
        String status = retrying("GET", "/api/v1/workspaces/" + workspace, null, 200).json().getString("status");
        if (!status.equals("running")) {
            retrying("POST", "/api/v1/workspaces/" + workspace + "/start", null, 202);
        }
    }

    private void listTerminals() {
        call("GET", "/api/v1/workspaces/" + workspace + "/terminals", null, 200);
    }

    private String createTerminal() {
        return retrying("POST", "/api/v1/workspaces/" + workspace + "/terminals",
                "{\"cols\":100,\"rows\":30,\"shell\":\"/bin/bash\"}", 201).json().getString("id");
    }

    /** One thing a user does, then think time. */
    private void step() throws InterruptedException {
        keepAttached();
        collectJobs();
        double dice = random.nextDouble();
        if (dice < 0.04) {
            TerminalLink link = links.get(random.nextInt(links.size()));
            recorder.drops.incrementAndGet();
            link.drop();
            Thread.sleep(200 + random.nextInt(1800));
            link.reattach(Duration.ofMinutes(2));
        } else if (dice < 0.08) {
            TerminalLink link = links.get(random.nextInt(links.size()));
            if (link.resize(80 + random.nextInt(100), 24 + random.nextInt(30))) {
                recorder.resizes.incrementAndGet();
            }
        } else if (dice < 0.16) {
            writeAndReadFile();
        } else if (dice < 0.40 && links.size() > 1) {
            startJob(random.nextDouble() < 0.15);
        }
        typeCommand();
        think(1000 + random.nextInt(3000));
    }

    private void keepAttached() throws InterruptedException {
        for (TerminalLink link : links) {
            if (!link.isOpen()) {
                link.reattach(Duration.ofMinutes(2));
            }
        }
    }

    private void think(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end && !stop) {
            Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            keepAttached();
        }
    }

    /** A command typed key by key into the first terminal at a typist's pace, then Enter. */
    private void typeCommand() throws InterruptedException {
        TerminalLink shell = links.get(0);
        if (!shell.isOpen() || !prompt(shell.tail())) {
            return;
        }
        String command = COMMANDS[random.nextInt(COMMANDS.length)];
        for (byte key : command.getBytes(StandardCharsets.US_ASCII)) {
            if (!shell.typeKey(key, Duration.ofSeconds(30))) {
                keepAttached();
            }
            Thread.sleep(60 + random.nextInt(180));
        }
        shell.send(new byte[] {'\r'});
        if (!shell.awaitTail(VirtualUser::prompt, Duration.ofSeconds(30))) {
            keepAttached();
        }
    }

    /** In an idle job terminal: a build log (slow numbered lines) or a flood (yes | head, numbered). */
    private void startJob(boolean flood) {
        for (TerminalLink link : links.subList(1, links.size())) {
            if (running.containsKey(link) || !link.isOpen()) {
                continue;
            }
            String tag = "J" + number + "x" + link.id().substring(2, 8) + "x" + (++jobs);
            String command;
            long lines;
            if (flood) {
                lines = 2000 + random.nextInt(6000);
                command = "yes | head -n " + lines + " | cat -n | sed 's/^ */" + tag + " /'; echo END " + tag + " $((" + lines + "+0))\r";
                recorder.floods.incrementAndGet();
            } else {
                lines = 50 + random.nextInt(250);
                command = "for i in $(seq 1 " + lines + "); do echo \"" + tag + " $i [INFO] Compiling module-$i/src/main/java/Main$i.java\";"
                        + " sleep 0.0$((RANDOM % 5)); done; echo END " + tag + " $((" + lines + "+0))\r";
            }
            link.check.expect(tag, lines);
            if (link.send(command.getBytes(StandardCharsets.US_ASCII))) {
                running.put(link, tag);
                startedAt.put(tag, System.nanoTime());
            } else {
                link.check.forget(tag);
            }
            return;
        }
    }

    private void collectJobs() {
        running.entrySet().removeIf(entry -> {
            String tag = entry.getValue();
            if (entry.getKey().check.ended(tag)) {
                recorder.jobs.incrementAndGet();
                startedAt.remove(tag);
                return true;
            }
            if (System.nanoTime() - startedAt.get(tag) > JOB_LIMIT.toNanos()) {
                TerminalLink link = entry.getKey();
                if (link.check.started(tag)) {
                    recorder.error("job_unfinished", false, link.id() + " " + tag);
                } else if (link.cutSoonAfter(startedAt.get(tag), INPUT_IN_FLIGHT)) {
                    // Its command was typed just before the connection was cut: input is not sent
                    // again by the protocol (docs/protocol.md), so this is the cut, not a fault.
                    recorder.error("job_input_cut", true, link.id() + " " + tag);
                } else {
                    recorder.error("job_never_started", false, link.id() + " " + tag);
                }
                startedAt.remove(tag);
                return true;
            }
            return false;
        });
    }

    private void writeAndReadFile() {
        byte[] content = new byte[1024 + random.nextInt(63 * 1024)];
        random.nextBytes(content);
        String path = FilesApi.path(workspace, "notes/user-" + number + "-" + random.nextInt(5) + ".bin");
        try {
            Api.Reply put = Api.send(Api.at(base).request(path, token())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
            if (put.status() != 200 && put.status() != 201) {
                recorder.error("file_write_" + put.status(), chaos.expectedNow(), put.toString());
                return;
            }
            var read = http.send(Api.at(base).request(path, token()).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (read.statusCode() != 200) {
                recorder.error("file_read_" + read.statusCode(), chaos.expectedNow(), path);
            } else if (!Arrays.equals(read.body(), content)) {
                // No other write to this file came between: only this user (one thread) writes it.
                recorder.error("file_content_differs", false, path);
            }
            recorder.fileOps.incrementAndGet();
        } catch (RuntimeException | java.io.IOException e) {
            recorder.error("file_io", chaos.expectedNow(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the jobs end, compares each terminal's last bytes with the server's replay, deletes the terminals. */
    private void finish() throws InterruptedException {
        long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            keepAttached();
            collectJobs();
            Thread.sleep(200);
        }
        for (TerminalLink link : links) {
            new ReplayComparison(http, base, workspace, link, this::token, recorder).run();
        }
        for (TerminalLink link : links) {
            link.close();
            call("DELETE", "/api/v1/workspaces/" + workspace + "/terminals/" + link.id(), null, 204);
        }
    }

    private Api.Reply retrying(String method, String path, String json, int expected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Api.Reply reply = call(method, path, json, expected);
            if (reply != null && reply.status() == expected) {
                return reply;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(method + " " + path + " failed: " + reply);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** One REST call; an unexpected status is recorded by its error code. */
    private Api.Reply call(String method, String path, String json, int expected) {
        try {
            Api.Reply reply = Api.send(json == null
                    ? Api.at(base).request(path, token()).method(method, HttpRequest.BodyPublishers.noBody())
                    : Api.at(base).request(path, token()).header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json)));
            if (reply.status() != expected) {
                String code = reply.body().contains("\"error\"") ? codeOf(reply) : "none";
                recorder.error("http_" + reply.status() + "_" + code, chaos.expectedNow(), method + " " + path + " " + reply);
            }
            return reply;
        } catch (RuntimeException e) {
            recorder.error("http_io", chaos.expectedNow(), method + " " + path + " " + e);
            return null;
        }
    }

    private static String codeOf(Api.Reply reply) {
        try {
            return reply.json().getString("error", "none");
        } catch (RuntimeException notJson) {
            return "not_json";
        }
    }
}
