package io.coditect.workspace;

import io.coditect.store.CountingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.EmbeddedStores;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Listing every workspace (the admin list, and idle stop on every gateway replica each minute) on
 * the embedded store: the paged listing against, as the same-run baseline, the listing it replaced
 * (one range read per workspace to find the ids and one get per record, in one transaction).
 * Prints reads per call, transactions per call and the median time of 5 calls each, with the CPU
 * pressure before and after. Run as described in docs/benchmarks.md ("Store").
 */
public final class StoreListingBenchmark {
    private static final int RUNS = 5;

    private StoreListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int workspaces = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("store-listing-benchmark");
        KeyLayout keys = new KeyLayout("bench");
        try (EmbeddedStore embedded = EmbeddedStores.open(dir)) {
            fill(embedded, keys, workspaces);
            CountingStore store = new CountingStore(embedded);
            WorkspaceRepository repository = new WorkspaceRepository(store, keys);
            System.out.println("cpu pressure before: " + pressure());
            measure("paged listAll (this code)", store, () -> repository.listAll().size());
            measure("baseline: one transaction, a range read per workspace and a get per record", store,
                    () -> store.read(tx -> {
                        List<Workspace> all = new ArrayList<>();
                        for (String id : keys.workspaceIds(tx)) {
                            tx.get(keys.workspaceRecord(id)).map(StoreListingBenchmark::decode).ifPresent(all::add);
                        }
                        all.sort(Comparator.comparing(Workspace::createdAt));
                        return all.size();
                    }));
            System.out.println("cpu pressure after: " + pressure());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static final Jsonb JSON = JsonbBuilder.create();

    private static Workspace decode(byte[] value) {
        return JSON.fromJson(new String(value, StandardCharsets.UTF_8), Workspace.class);
    }

    /** Workspaces of 100 owners, each with a record, an index entry and an activity, 500 per transaction. */
    private static void fill(EmbeddedStore store, KeyLayout keys, int count) {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        for (int from = 0; from < count; from += 500) {
            int first = from;
            store.transact(tx -> {
                for (int i = first; i < Math.min(count, first + 500); i++) {
                    Instant at = t0.plusMillis(i);
                    Workspace workspace = new Workspace(WorkspaceIds.generate(), "p" + i, "user-" + (i % 100),
                            WorkspaceStatus.RUNNING, Progress.READY, null, at, at, at);
                    tx.set(keys.workspaceRecord(workspace.id()), JSON.toJson(workspace).getBytes(StandardCharsets.UTF_8));
                    tx.set(keys.ownerIndexEntry(workspace.owner(), workspace.id()), new byte[0]);
                    tx.max(keys.workspaceActivity(workspace.id()), at.toEpochMilli());
                }
                return null;
            });
        }
    }

    private static void measure(String name, CountingStore store, Supplier<Integer> list) {
        list.get(); // warm-up
        long[] millis = new long[RUNS];
        int listed = 0;
        store.reset();
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            listed = list.get();
            millis[run] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        System.out.printf("RESULT %s: %d workspaces, %d reads and %d transactions per call (at most %d reads in one),"
                        + " median %d ms (min %d, max %d) of %d calls%n",
                name, listed, store.roundTrips() / RUNS, store.transactions() / RUNS,
                store.mostRoundTripsInOneTransaction(), millis[RUNS / 2], millis[0], millis[RUNS - 1], RUNS);
    }

    private static String pressure() {
        try {
            return Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
