package io.coditect.files;

/** {@code POST .../files/{path}} with JSON: make the directory {@code path} ({@code parents}: and those above). */
public record MakeDirectoryRequest(String type, Boolean parents) {
    boolean withParents() {
        return Boolean.TRUE.equals(parents);
    }
}
