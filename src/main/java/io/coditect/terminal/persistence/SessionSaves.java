package io.coditect.terminal.persistence;

import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.StoreUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The session writer's saves of running terminals ({@link TerminalSessions}): each terminal's state
 * ({@link SavedSession}) when it differs from the one saved, and the output printed since
 * ({@link SavedOutput}). A terminal printing a flood (more than its tail between two saves, so each
 * save writes its whole tail again) is saved at most every {@value #FLOOD_ROUNDS} rounds. The saves
 * of one round share transactions of about {@value #TRANSACTION_BYTES} bytes; one terminal's save
 * is never split, so its state and output always agree. Writer thread only.
 */
final class SessionSaves {
    /** Saves of several terminals share one transaction up to about this many bytes (the store allows 500,000). */
    static final int TRANSACTION_BYTES = 250_000;
    /** A flooding terminal writes its whole tail on each save: at most once this many rounds. */
    static final int FLOOD_ROUNDS = 5;
    private static final Logger LOG = Logger.getLogger(SessionSaves.class.getName());

    private final KeyValueStore store;
    private final KeyLayout keys;
    private final ShellHooks hooks;
    private final StoreOutage outage;

    /** A running terminal and what the store has of it; the fields change on the writer thread only. */
    static final class Tracked {
        final RunningTerminal terminal;
        final SavedOutput output;
        final int slice;
        ShellHooks.Report report = ShellHooks.Report.NONE;
        /** What the hook reported last (the start environment until it has), immutable: a save compares them by identity first. */
        Map<String, String> env;
        List<String> history = List.of();
        SavedSession saved;
        /** The round of the last save that wrote a flood. */
        long floodRound = -FLOOD_ROUNDS;

        Tracked(RunningTerminal terminal, Map<String, String> startEnv, SavedOutput output, int slice) {
            this.terminal = terminal;
            this.env = Map.copyOf(startEnv);
            this.output = output;
            this.slice = slice;
        }

        /** Takes in what the shell reported, when it is new. */
        void reported(ShellHooks.Report now) {
            if (now != report) {
                report = now;
                if (now.env() != null) {
                    env = Map.copyOf(now.env());
                }
                history = List.copyOf(now.history());
            }
        }
    }

    /** One terminal's part of a save: its state (null when unchanged) and its output. */
    private record Save(Tracked tracked, SavedSession session, byte[] state, SavedOutput.Plan output, int bytes) {
    }

    SessionSaves(KeyValueStore store, KeyLayout keys, ShellHooks hooks, StoreOutage outage) {
        this.store = store;
        this.keys = keys;
        this.hooks = hooks;
        this.outage = outage;
    }

    /**
     * Saves what is new of {@code terminals} in round {@code round}; with {@code throttled}, a
     * terminal that would write a flood again too soon waits.
     */
    void save(Collection<Tracked> terminals, boolean throttled, long round) {
        commitAll(prepare(terminals, throttled, round), round);
    }

    /**
     * What each terminal's save writes; terminals with nothing new are left out, and with
     * {@code throttled} so are those that would write a flood again too soon.
     */
    private List<Save> prepare(Collection<Tracked> terminals, boolean throttled, long round) {
        List<Save> saves = new ArrayList<>();
        for (Tracked t : terminals) {
            TerminalSnapshot snapshot = t.terminal.snapshot(t.output.readFrom());
            t.reported(hooks.read(snapshot.workspaceId(), snapshot.id(), t.report));
            // A directory that cannot be read now (the shell is ending) does not replace the one saved.
            String cwd = Path.of(snapshot.currentCwd()).isAbsolute() || t.saved == null ? snapshot.currentCwd()
                    : t.saved.cwd();
            SavedSession session = new SavedSession(snapshot.id(), snapshot.workspaceId(), snapshot.shell(),
                    snapshot.startCwd(), cwd, t.env, t.history, snapshot.cols(), snapshot.rows(), snapshot.startedAt(), snapshot.lastActiveAt(),
                    snapshot.offset());
            SavedOutput.Plan output = t.output.plan(snapshot.ringStart(), snapshot.ring());
            if (throttled && output.flood() && round - t.floodRound < FLOOD_ROUNDS) {
                continue;
            }
            boolean changed = !session.equals(t.saved);
            if (!changed && output.isEmpty()) {
                continue;
            }
            byte[] state = changed ? SessionCodec.encode(session) : null;
            byte[] key = keys.terminalState(session.workspaceId(), session.id());
            saves.add(new Save(t, session, state, output, output.bytes() + (state == null ? 0 : key.length + state.length)));
        }
        return saves;
    }

    /** Commits saves in transactions of about {@link #TRANSACTION_BYTES}, one terminal's save in one. */
    private void commitAll(List<Save> saves, long round) {
        List<Save> batch = new ArrayList<>();
        int bytes = 0;
        for (Save save : saves) {
            if (!batch.isEmpty() && bytes + save.bytes() > TRANSACTION_BYTES) {
                if (!commit(batch, bytes, round)) {
                    return;
                }
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(save);
            bytes += save.bytes();
        }
        if (!batch.isEmpty()) {
            commit(batch, bytes, round);
        }
    }

    private boolean commit(List<Save> batch, int bytes, long round) {
        long began = System.nanoTime();
        try {
            store.transact(tx -> {
                for (Save save : batch) {
                    if (save.state() != null) {
                        tx.set(keys.terminalState(save.session().workspaceId(), save.session().id()), save.state());
                    }
                    save.output().apply(tx);
                }
                return null;
            });
        } catch (StoreUnavailableException e) {
            outage.down(e);
            return false;
        }
        for (Save save : batch) {
            save.tracked().saved = save.session();
            save.output().committed();
            if (save.output().flood()) {
                save.tracked().floodRound = round;
            }
        }
        outage.up();
        LOG.fine(() -> "saved " + batch.size() + " terminal sessions, " + bytes + " bytes, in "
                + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - began) + " µs");
        return true;
    }
}
