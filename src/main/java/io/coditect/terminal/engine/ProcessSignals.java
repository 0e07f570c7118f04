package io.coditect.terminal.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.List;

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

    /**
     * Hangs up the process group that {@code leader} leads; returns what kills those of it that
     * ignore the hang-up, and the leader's descendants that left the group.
     */
    static Runnable hangUp(long leader) {
        // Captured before the hang-up: once the shell dies its children are re-parented away.
        List<ProcessHandle> descendants = ProcessHandle.of(leader).stream()
                .flatMap(ProcessHandle::descendants).toList();
        signalGroup(leader, SIGHUP);
        return () -> {
            signalGroup(leader, SIGKILL);
            descendants.forEach(ProcessHandle::destroyForcibly);
        };
    }
}
