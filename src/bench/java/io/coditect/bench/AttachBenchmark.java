package io.coditect.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Create and attach to the prompt, by phase (part {@code attach}): the client's phases (REST
 * create, ticket, upgrade, first output byte, prompt) beside the server's own, and a re-attach.
 */
record AttachBenchmark(BenchTarget target) {
    void attachToPrompt() throws Exception {
        String workspace = target.api().workspace();
        String[] phases = {"REST create", "ticket", "upgrade (101)", "first output byte", "prompt", "total"};
        List<List<Double>> times = new ArrayList<>();
        for (String ignored : phases) {
            times.add(new ArrayList<>());
        }
        List<Double> reattach = new ArrayList<>();
        String[] serverSteps = {"create", "spawn", "first-output", "attach"};
        List<List<Double>> serverTimes = new ArrayList<>();
        for (String ignored : serverSteps) {
            serverTimes.add(new ArrayList<>());
        }
        Stats.Machine machine = Stats.Machine.now();
        // Two warm-up rounds, then the measured ones; each terminal is deleted before the next.
        for (int run = -2; run < target.runs(); run++) {
            if (run == 0) {
                target.startRecording("attach");
            }
            ServerPhases.Reading before = target.phases().read();
            long start = System.nanoTime();
            BenchClient.Terminal terminal = target.api().terminal(workspace);
            long created = System.nanoTime();
            String ticket = target.api().ticket(terminal);
            long ticketed = System.nanoTime();
            LoadConnection client = target.api().attachWithTicket(terminal, ticket);
            BenchClient.awaitPrompt(client);
            long prompt = System.nanoTime();
            long[] marks = {start, created, ticketed, client.upgradedAt(), client.firstOutputAt(), prompt};
            client.close();
            ServerPhases.Reading after = target.phases().read();

            long again = System.nanoTime();
            LoadConnection back = target.api().attach(terminal);
            BenchClient.awaitPrompt(back);
            double reattached = (System.nanoTime() - again) / 1e6;
            back.close();
            target.api().delete(terminal);
            if (run >= 0) {
                for (int step = 0; step < serverSteps.length; step++) {
                    serverTimes.get(step).add(after.meanMillisSince(before, serverSteps[step]));
                }
                for (int phase = 0; phase < phases.length - 1; phase++) {
                    times.get(phase).add((marks[phase + 1] - marks[phase]) / 1e6);
                }
                times.get(phases.length - 1).add((prompt - start) / 1e6);
                reattach.add(reattached);
            }
        }
        target.stopRecording("attach", "attach.jfr");
        Stats.Machine baselineStart = Stats.Machine.now();
        String baseline = SpawnBaseline.run(target.runs(), new ServerProcess(ProcessHandle.current().pid()));
        System.out.printf(Locale.ROOT, "RESULT attach baseline without server (the same pty4j calls in the client JVM, %s): %s;"
                        + " %s%n", target.server() == null ? "the server's process not known" : "the server's process "
                        + target.server().mapped(), baseline, Stats.Machine.now().since(baselineStart));
        StringBuilder line = new StringBuilder("RESULT attach, new terminal to its prompt (client-side phases, medians):");
        for (int phase = 0; phase < phases.length; phase++) {
            line.append(String.format(Locale.ROOT, " %s %.1f ms %s;", phases[phase], Stats.median(times.get(phase)),
                    Stats.list(times.get(phase), "%.1f")));
        }
        System.out.println(line + String.format(Locale.ROOT, " re-attach to a running terminal %.1f ms; %s",
                Stats.median(reattach), Stats.Machine.now().since(machine)));
        StringBuilder server = new StringBuilder("RESULT attach, the server's own phases (coditect.terminals.phase-time, medians):");
        for (int step = 0; step < serverSteps.length; step++) {
            server.append(String.format(Locale.ROOT, " %s %.2f ms %s;", serverSteps[step], Stats.median(serverTimes.get(step)),
                    Stats.list(serverTimes.get(step), "%.2f")));
        }
        System.out.println(server);
    }
}
