package io.coditect.store.foundationdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.FDBException;
import io.coditect.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

/** Pure Java: the mapping reads the error code only, never the native library. */
class FoundationDbErrorsTest {
    @Test
    void clusterAndTransactionErrors_unavailable() {
        for (int code : new int[] {1007, 1020, 1021, 1031, 1037, 1213, 1510}) {
            assertThat(FoundationDbErrors.map(new FDBException("x", code), 4000))
                    .as("error %d", code).isInstanceOf(StoreUnavailableException.class);
        }
        assertThat(FoundationDbErrors.map(new FDBException("timed out", 1031), 4000))
                .hasMessageContaining("longer than 4000 ms");
        assertThat(FoundationDbErrors.map(new FDBException("unknown", 1021), 4000))
                .hasMessageContaining("could not tell whether the transaction committed");
    }

    @Test
    void clientApiAndInternalErrors_aBugNotAnOutage() {
        for (int code : new int[] {2000, 2004, 2101, 2102, 2103, 4000}) {
            assertThat(FoundationDbErrors.map(new FDBException("x", code), 4000))
                    .as("error %d", code).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("retrying cannot help");
        }
    }
}
