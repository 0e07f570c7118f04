package io.coditect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of a Markdown document that a {@code <!-- snippet: NAME -->} line names (the
 * fenced block right after it), so that a test runs exactly what the document tells a reader to write.
 */
public final class DocSnippets {
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\S+) -->\\R```[a-z]*\\R(.*?)^```$", Pattern.DOTALL | Pattern.MULTILINE);

    private final Path document;
    private final Map<String, String> snippets;

    private DocSnippets(Path document, Map<String, String> snippets) {
        this.document = document;
        this.snippets = snippets;
    }

    public static DocSnippets of(Path document) {
        try {
            Matcher matcher = SNIPPET.matcher(Files.readString(document));
            Map<String, String> snippets = new LinkedHashMap<>();
            while (matcher.find()) {
                if (snippets.put(matcher.group(1), matcher.group(2)) != null) {
                    throw new IllegalStateException(document + " names the snippet " + matcher.group(1) + " twice");
                }
            }
            return new DocSnippets(document, snippets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the snippet {@code name}, with its final line break. */
    public String get(String name) {
        String text = snippets.get(name);
        if (text == null) {
            throw new IllegalStateException(document + " has no snippet " + name + " (it has " + snippets.keySet() + ")");
        }
        return text;
    }

    /**
     * A {@code KEY=VALUE} snippet (server.env) with the values of {@code site} put in, as a reader
     * puts in their own: every key of {@code site} must be one the snippet sets, so the document
     * cannot drop a setting the test relies on.
     */
    public String withValues(String name, Map<String, String> site) {
        StringBuilder out = new StringBuilder();
        Map<String, String> unused = new LinkedHashMap<>(site);
        for (String line : get(name).split("\\R")) {
            int equals = line.indexOf('=');
            String key = line.startsWith("#") || equals < 0 ? null : line.substring(0, equals).strip();
            if (key != null && unused.containsKey(key)) {
                out.append(key).append('=').append(unused.remove(key));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        if (!unused.isEmpty()) {
            throw new IllegalStateException(document + "'s snippet " + name + " does not set " + unused.keySet());
        }
        return out.toString();
    }
}
