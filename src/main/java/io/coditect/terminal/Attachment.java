package io.coditect.terminal;

import java.nio.ByteBuffer;

/**
 * One client's hold on a terminal: what it may do once attached. Where its output starts is told
 * to the client itself, in the {@code attached} event the terminal sends first.
 */
public interface Attachment {
    /** Writes input bytes to the terminal, in order with every other client's input. */
    void input(ByteBuffer bytes);

    /** Sets the terminal's size; the most recent resize from any client wins. */
    void resize(int cols, int rows);

    /** Tells this client about a refused frame with an {@code error} event, in order with its output. */
    void refuse(String code, String message);

    /** Leaves the terminal; it keeps running. Idempotent. */
    void detach();
}
