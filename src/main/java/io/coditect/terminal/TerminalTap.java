package io.coditect.terminal;

import java.nio.ByteBuffer;

/**
 * What sees a local terminal's traffic as it passes the PTY: its output in the order it enters
 * the ring, the input written to it, and its resizes (session recording, {@code io.coditect.recording},
 * is the one user). Output and resizes come under the terminal's lock, on its loop thread or a
 * client's; input on the thread of the client that typed it. Nothing here may block: a tap copies
 * what it needs and does its work elsewhere. The buffers are valid only during the call.
 */
public interface TerminalTap {
    TerminalTap NONE = new TerminalTap() {
        @Override
        public byte[] announcement() {
            return new byte[0];
        }

        @Override
        public void output(ByteBuffer bytes) {
        }

        @Override
        public void input(ByteBuffer bytes) {
        }

        @Override
        public void resize(int cols, int rows) {
        }

        @Override
        public void close() {
        }
    };

    /** Output the terminal shows before its own (the recording's announcement); it passes through {@link #output} too. */
    byte[] announcement();

    void output(ByteBuffer bytes);

    void input(ByteBuffer bytes);

    void resize(int cols, int rows);

    /** The terminal has ended or was closed; called at least once. */
    void close();

    /** Opens the tap of each terminal a local host starts or restores. */
    interface Factory {
        Factory NONE = new Factory() {
            @Override
            public TerminalTap open(String workspaceId, String terminalId, int cols, int rows, RecordingRequest requested) {
                return TerminalTap.NONE;
            }

            @Override
            public TerminalTap reopen(String workspaceId, String terminalId, int cols, int rows) {
                return TerminalTap.NONE;
            }
        };

        /** A terminal starts; {@code requested} is what a gateway asked for it (null: none did). */
        TerminalTap open(String workspaceId, String terminalId, int cols, int rows, RecordingRequest requested);

        /** A saved terminal comes back after a restart: it gets the tap it was started with, anew. */
        TerminalTap reopen(String workspaceId, String terminalId, int cols, int rows);
    }
}
