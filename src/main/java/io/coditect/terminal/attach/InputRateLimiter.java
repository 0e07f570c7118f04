package io.coditect.terminal.attach;

/**
 * A token bucket over input bytes (or control frames): {@code bytesPerSecond} on average, bursts
 * up to one second's worth. One per attached client; called from that client's WebSocket reads only.
 */
final class InputRateLimiter {
    private final long bytesPerSecond;
    private double tokens;
    private long lastNanos;

    InputRateLimiter(long bytesPerSecond, long nowNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.tokens = bytesPerSecond;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code bytes} if the bucket holds them. */
    boolean tryAcquire(int bytes, long nowNanos) {
        tokens = Math.min(bytesPerSecond, tokens + (nowNanos - lastNanos) * (bytesPerSecond / 1e9));
        lastNanos = nowNanos;
        if (bytes > tokens) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
