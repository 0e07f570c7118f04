package io.coditect.files;

/**
 * What a {@code GET} on a path asks for: {@code stat} (the entry's attributes), {@code download}
 * (an attachment, a zip for a directory), a listing page ({@code cursor}, {@code limit}), a
 * {@code range} and the caller's cached validator ({@code ifNoneMatch}).
 */
public record FileQuery(boolean stat, boolean download, String cursor, Integer limit, String range, String ifNoneMatch) {
}
