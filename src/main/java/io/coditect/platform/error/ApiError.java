package io.coditect.platform.error;

/** The body of every error response: a stable machine code and a sentence for people. */
public record ApiError(String error, String message) {
}
