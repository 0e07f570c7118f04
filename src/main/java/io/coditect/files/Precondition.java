package io.coditect.files;

/**
 * A write's optimistic-concurrency condition: {@code If-Match} (the ETag the caller last read;
 * {@code *}: the file must exist) or {@code If-None-Match: *} (the file must not exist yet).
 */
public record Precondition(String ifMatch, boolean mustNotExist) {
    public static final Precondition NONE = new Precondition(null, false);

    public static Precondition of(String ifMatch, String ifNoneMatch) {
        String match = ifMatch == null || ifMatch.isBlank() ? null : ifMatch.strip();
        return new Precondition(match, ifNoneMatch != null && ifNoneMatch.strip().equals("*"));
    }

    /** Whether a file with {@code etag} (null: none) may be replaced. */
    boolean allows(String etag) {
        if (mustNotExist && etag != null) {
            return false;
        }
        if (ifMatch == null) {
            return true;
        }
        if (etag == null) {
            return false;
        }
        if (ifMatch.equals("*")) {
            return true;
        }
        for (String candidate : ifMatch.split(",")) {
            if (candidate.strip().equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
