package io.coditect.bench;

/**
 * The output every throughput figure streams: 50 MB of random bytes as base64 (about 67 MB of
 * text), made once in the terminal's directory, then printed with {@code cat}. Each command ends by
 * echoing a marker written as a sum, so that the echoed command line never holds the marker itself.
 */
final class Burst {
    /** Writes the burst to {@code burst.b64}; answered by {@link #MADE}. */
    static final String MAKE = "head -c 50000000 /dev/urandom | base64 > burst.b64; echo made-$((1+1))";
    static final String MADE = "made-2";

    private Burst() {
    }

    /** Prints the burst, then {@link #end}{@code (marker)}. */
    static String cat(int marker) {
        return "cat burst.b64; echo end-$((" + marker + "+0))";
    }

    static String end(int marker) {
        return "end-" + marker;
    }

    /** Makes the burst in {@code client}'s terminal and waits until it is written. */
    static void make(LoadConnection client) throws Exception {
        BenchClient.runAndWait(client, MAKE, MADE);
    }

    /** Prints the burst to {@code client} and waits for its end. */
    static void cat(LoadConnection client, int marker) throws Exception {
        BenchClient.runAndWait(client, cat(marker), end(marker));
    }
}
