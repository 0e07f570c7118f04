package io.coditect.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as the builder reads it (comments, line continuations, build stages, global
 * ARG defaults in FROM), far enough to check it without a container engine.
 */
final class Dockerfile {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    record Instruction(int line, String keyword, String arguments) {
        List<String> words() {
            return Words.split(arguments);
        }

        /** The words after the leading {@code --flag=value} options. */
        List<String> operands() {
            List<String> words = words();
            int first = 0;
            while (first < words.size() && words.get(first).startsWith("--")) {
                first++;
            }
            return words.subList(first, words.size());
        }

        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            for (String word : words()) {
                if (!word.startsWith("--")) {
                    break;
                }
                int equals = word.indexOf('=');
                flags.put(equals < 0 ? word.substring(2) : word.substring(2, equals),
                        equals < 0 ? "" : word.substring(equals + 1));
            }
            return flags;
        }
    }

    /** One COPY: where from (a stage, or the build context when {@code from} is empty), what, where to. */
    record Copy(int line, Optional<String> from, String chown, List<String> sources, String destination) {
    }

    record Stage(String name, String image, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The environment the stage's ENV instructions leave, in order. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                List<String> words = instruction.words();
                if (!words.isEmpty() && !words.getFirst().contains("=")) {
                    env.put(words.getFirst(), String.join(" ", words.subList(1, words.size())));
                    continue;
                }
                for (String word : words) {
                    int equals = word.indexOf('=');
                    env.put(word.substring(0, equals), word.substring(equals + 1));
                }
            }
            return env;
        }

        List<Copy> copies() {
            return all("COPY").stream().map(copy -> {
                Map<String, String> flags = copy.flags();
                List<String> operands = copy.operands();
                return new Copy(copy.line(), Optional.ofNullable(flags.get("from")), flags.get("chown"),
                        operands.subList(0, operands.size() - 1), operands.getLast());
            }).toList();
        }

        /** The user the stage ends as, or empty when it never says (the base image's user). */
        Optional<String> user() {
            List<Instruction> users = all("USER");
            return users.isEmpty() ? Optional.empty() : Optional.of(users.getLast().arguments().trim());
        }

        Optional<String> workdir() {
            List<Instruction> workdirs = all("WORKDIR");
            return workdirs.isEmpty() ? Optional.empty() : Optional.of(workdirs.getLast().arguments().trim());
        }

        List<String> exposedPorts() {
            return all("EXPOSE").stream()
                    .flatMap(expose -> expose.words().stream())
                    .map(port -> port.replaceFirst("/(tcp|udp)$", ""))
                    .toList();
        }

        /** Index of the first instruction with the keyword whose arguments contain the text, or -1. */
        int indexOf(String keyword, String text) {
            for (int i = 0; i < instructions.size(); i++) {
                Instruction instruction = instructions.get(i);
                if (instruction.keyword().equals(keyword) && instruction.arguments().contains(text)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = stages;
    }

    static Dockerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String text) {
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction instruction : instructions(text)) {
            if (instruction.keyword().equals("FROM")) {
                List<String> operands = instruction.operands();
                String image = expand(operands.getFirst(), globalArgs);
                String name = operands.size() >= 3 && operands.get(1).equalsIgnoreCase("AS") ? operands.get(2) : null;
                current = new ArrayList<>();
                stages.add(new Stage(name, image, current));
            } else if (current == null) {
                if (instruction.keyword().equals("ARG")) {
                    String arg = instruction.arguments().trim();
                    int equals = arg.indexOf('=');
                    globalArgs.put(equals < 0 ? arg : arg.substring(0, equals),
                            equals < 0 ? "" : Words.split(arg.substring(equals + 1)).getFirst());
                }
            } else {
                current.add(instruction);
            }
        }
        return new Dockerfile(stages);
    }

    List<Stage> stages() {
        return stages;
    }

    Stage stage(String name) {
        return stages.stream().filter(stage -> name.equals(stage.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name));
    }

    /** The stage the image is made of. */
    Stage last() {
        return stages.getLast();
    }

    private static String expand(String value, Map<String, String> args) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(args.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(expanded).toString();
    }

    /** Logical instructions: comment lines dropped, lines ending in a backslash joined. */
    private static List<Instruction> instructions(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending == null)) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            boolean continues = trimmed.endsWith("\\");
            pending.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String logical = pending.toString().strip();
                int space = logical.indexOf(' ');
                instructions.add(new Instruction(start,
                        (space < 0 ? logical : logical.substring(0, space)).toUpperCase(Locale.ROOT),
                        space < 0 ? "" : logical.substring(space + 1).strip()));
                pending = null;
            }
        }
        return instructions;
    }

    /** Splits arguments into words as the builder does: whitespace, single and double quotes, backslash. */
    static final class Words {
        private Words() {
        }

        static List<String> split(String text) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                        word.append(text.charAt(++i));
                    } else {
                        word.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    inWord = true;
                } else if (c == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
