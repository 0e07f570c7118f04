package io.coditect.terminal;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Signals a whole process group, which the JDK's ProcessHandle cannot do. */
final class ProcessSignals {
    static final int SIGHUP = 1;
    static final int SIGKILL = 9;

    private interface LibC extends Library {
        int kill(int pid, int signal);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private ProcessSignals() {
    }

    /** Sends {@code signal} to every process in the group {@code groupId}; false if there is none left. */
    static boolean signalGroup(long groupId, int signal) {
        return groupId > 1 && LIBC.kill((int) -groupId, signal) == 0;
    }
}
