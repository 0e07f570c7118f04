package io.coditect.files;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Content-Type} of a file, guessed from its name: the JDK's table, plus the source and
 * text formats a workspace is full of (which the JDK's table does not know); anything else is
 * {@code application/octet-stream}. Text is declared UTF-8.
 */
final class ContentTypes {
    static final String BINARY = "application/octet-stream";
    private static final Map<String, String> SOURCE = Map.ofEntries(
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("json", "application/json"),
            Map.entry("md", "text/markdown"), Map.entry("css", "text/css"), Map.entry("csv", "text/csv"),
            Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"), Map.entry("svg", "image/svg+xml"),
            Map.entry("ts", "text/plain"), Map.entry("java", "text/plain"), Map.entry("py", "text/plain"),
            Map.entry("sh", "text/plain"), Map.entry("go", "text/plain"), Map.entry("rs", "text/plain"),
            Map.entry("c", "text/plain"), Map.entry("h", "text/plain"), Map.entry("toml", "text/plain"),
            Map.entry("properties", "text/plain"), Map.entry("log", "text/plain"), Map.entry("txt", "text/plain"),
            Map.entry("wasm", "application/wasm"), Map.entry("webp", "image/webp"));

    private ContentTypes() {
    }

    static String of(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String type = SOURCE.get(extension);
        if (type == null) {
            type = URLConnection.getFileNameMap().getContentTypeFor(name);
        }
        if (type == null) {
            return BINARY;
        }
        return type.startsWith("text/") || type.equals("application/json") ? type + ";charset=utf-8" : type;
    }
}
