package io.coditect.store.embedded;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.coditect.store.ChunkedValue;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A separate JVM on an embedded store file, for tests that need another process: {@code write}
 * commits numbered transactions forever and prints each number once it is committed; {@code hold}
 * writes one marker, prints {@code open} and keeps the file (and its lock) until killed.
 */
public final class StoreWriterProcess {
    static final Subspace ROOT = new Subspace(Tuple.from("crash-test"));
    static final byte[] COUNTER = ROOT.pack(Tuple.from("counter"));
    static final byte[] MIRROR = ROOT.pack(Tuple.from("mirror"));
    static final byte[] MARKER = ROOT.pack(Tuple.from("held-by-another-process"));
    static final ChunkedValue BULK = new ChunkedValue(ROOT.get("bulk"));
    static final int BULK_BYTES = 60_000;

    private StoreWriterProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedStore store = EmbeddedStore.open(Path.of(args[1]), 4000, 2000);
        if (args[0].equals("hold")) {
            store.transact(tx -> {
                tx.set(MARKER, new byte[] {1});
                return null;
            });
            System.out.println("open");
            Thread.sleep(Long.MAX_VALUE);
        }
        for (long i = 1; ; i++) {
            byte[] number = Tuple.from(i).pack();
            byte[] bulk = new byte[BULK_BYTES];
            Arrays.fill(bulk, (byte) i);
            store.transact(tx -> {
                tx.set(COUNTER, number);
                BULK.write(tx, bulk);
                tx.set(MIRROR, number);
                return null;
            });
            System.out.println("committed " + i);
        }
    }
}
