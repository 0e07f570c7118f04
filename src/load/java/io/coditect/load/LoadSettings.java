package io.coditect.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load tool's parameters, from {@code --name=value} arguments:
 * <ul>
 * <li>{@code --users=20 --duration=60m}: the first step; {@code --steps=30:10m,40:5m:97}: the stress
 * steps after it (users in total, how long, and optionally how many terminals each user the step
 * adds opens, e.g. to reach 1,000 terminals);
 * <li>{@code --ramp-up=60s}: new users of a step start spread over this;
 * <li>{@code --terminals=3}: terminals per user (the first is typed in, the others run jobs);
 * <li>{@code --agents=N} (deployment {@code gateways}; default: one per user): workspaces, each with
 * its agent and its owner. The product lets only a workspace's owner use its terminals, so with
 * fewer agents than users, the users of one agent are concurrent sessions of its owner (each with
 * its own terminals), not distinct people;
 * <li>{@code --drain-every=4m --kill-at=25m}: the gateway replicas' drains and the one kill
 * (deployment {@code gateways} only; {@code --kill-at=none} for none);
 * <li>{@code --deployment=gateways} (two replicas, HAProxy, one agent per user, started by the
 * tool) or {@code --url=http://host:port} (a running standalone server that trusts the test
 * identity provider; {@code --pid}: its process, to watch);
 * <li>{@code --port=9300}: HAProxy's port (+1, +2 the replicas, +5 the mock Kubernetes API, +6 the agents);
 * {@code --wlp}, {@code --gateway-template}, {@code --agent-template}: the build's Liberty and the server
 * directories to copy; {@code --out}: the results directory; {@code --sample=10s}; {@code --warm-up=5m}
 * (left out of the slopes);
 * <li>{@code --jvm-args="-XX:NativeMemoryTracking=summary"}: JVM options for every server the tool
 * starts (Liberty's {@code JVM_ARGS}), e.g. to read where an agent's memory outside the heap goes;
 * <li>{@code --first-agent-env=MALLOC_ARENA_MAX=2}: environment variables (comma-separated) for the
 * first agent only, to compare a setting against the other agents within one run.
 * </ul>
 */
record LoadSettings(List<Step> steps, Duration rampUp, int terminals, Duration drainEvery, Duration killAt, String url,
                    int port, Path wlp, String gatewayTemplate, String agentTemplate, Path out, Duration sample,
                    Duration warmUp, Map<String, String> serverEnvironment, long pid, int agents,
                    Map<String, String> firstAgentEnvironment) {

    /** A load step: this many users in all, for this long; the users it adds open {@code terminals} each. */
    record Step(int users, Duration duration, int terminals) {
    }

    int maxUsers() {
        return steps.stream().mapToInt(Step::users).max().orElse(0);
    }

    boolean deploysGateways() {
        return url == null;
    }

    static LoadSettings parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, not " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int terminals = Integer.parseInt(given.getOrDefault("terminals", "3"));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Integer.parseInt(given.getOrDefault("users", "20")), duration(given.getOrDefault("duration", "60m")), terminals));
        String more = given.getOrDefault("steps", "");
        for (String step : more.isBlank() ? new String[0] : more.split(",")) {
            String[] parts = step.split(":");
            steps.add(new Step(Integer.parseInt(parts[0]), duration(parts[1]), parts.length > 2 ? Integer.parseInt(parts[2]) : terminals));
        }
        int allTerminals = 0;
        int before = 0;
        for (Step step : steps) {
            allTerminals += Math.max(0, step.users() - before) * step.terminals();
            before = Math.max(before, step.users());
        }
        int port = Integer.parseInt(given.getOrDefault("port", "9300"));
        String itPort = given.getOrDefault("it-port", String.valueOf(port));
        String kill = given.getOrDefault("kill-at", "25m");
        int maxUsers = steps.stream().mapToInt(Step::users).max().orElse(1);
        int agents = Math.min(maxUsers, Integer.parseInt(given.getOrDefault("agents", String.valueOf(maxUsers))));
        // Settings for every server the tool starts: no rate, idle or count limit stops a long run.
        Map<String, String> environment = new HashMap<>(Map.of(
                "CODITECT_WORKSPACE_IDLE_TIMEOUT", "PT6H",
                "CODITECT_TERMINAL_MAX_PER_WORKSPACE", String.valueOf(Math.max(20, allTerminals + 5)),
                // With fewer agents than users, one owner holds every terminal of its agent's users.
                "CODITECT_TERMINAL_MAX_ATTACHES_PER_USER", String.valueOf(Math.max(32, allTerminals + 5)),
                "CODITECT_RATE_LIMIT_CREATE_REQUESTS", "100000",
                "CODITECT_RATE_LIMIT_ATTACH_REQUESTS", "100000",
                "CODITECT_RATE_LIMIT_TOKEN_REQUESTS", "100000"));
        if (given.containsKey("jvm-args")) {
            environment.put("JVM_ARGS", given.get("jvm-args"));
        }
        return new LoadSettings(List.copyOf(steps), duration(given.getOrDefault("ramp-up", "60s")), terminals,
                duration(given.getOrDefault("drain-every", "4m")), kill.equals("none") ? null : duration(kill),
                given.get("url"), port, Path.of(given.getOrDefault("wlp", "target/liberty/wlp")),
                given.getOrDefault("gateway-template", "coditectGatewayIT" + itPort),
                given.getOrDefault("agent-template", "coditectAgentIT" + itPort),
                Path.of(given.getOrDefault("out", "target/load/run")), duration(given.getOrDefault("sample", "10s")),
                duration(given.getOrDefault("warm-up", "5m")), Map.copyOf(environment),
                Long.parseLong(given.getOrDefault("pid", "0")), agents, variables(given.getOrDefault("first-agent-env", "")));
    }

    /** {@code A=1,B=2} as a map; empty for an empty text. */
    static Map<String, String> variables(String text) {
        Map<String, String> variables = new HashMap<>();
        for (String pair : text.isBlank() ? new String[0] : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("environment variables are NAME=value, not " + pair);
            }
            variables.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return Map.copyOf(variables);
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}. */
    static Duration duration(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("a duration is like 90s, 10m or 1h, not " + text);
        };
    }
}
