package io.coditect.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The listing's query parameters: defaults, and 400 with a stable code for each kind of bad one. */
class AuditListingTest {
    @Test
    void parse_nothingGiven_everythingWithTheDefaultLimit() {
        AuditListing listing = AuditListing.parse(null, "", null, null, null, null, null);

        assertThat(listing.filter()).isEqualTo(AuditFilter.ANY);
        assertThat(listing.limit()).isEqualTo(AuditListing.DEFAULT_LIMIT);
        assertThat(listing.cursor()).isNull();
    }

    @Test
    void parse_everyFilter_kept() {
        AuditListing listing = AuditListing.parse("alice", "ws-1", "terminal.attach", "2026-12-01T00:00:00Z",
                "2026-12-02T00:00:00Z", "abc", "500");

        assertThat(listing.filter()).isEqualTo(new AuditFilter("alice", "ws-1", "terminal.attach",
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z")));
        assertThat(listing.limit()).isEqualTo(500);
    }

    @Test
    void parse_badValues_stableCodes() {
        assertCode("invalid_action", () -> AuditListing.parse(null, null, "rm -rf", null, null, null, null));
        assertCode("invalid_time", () -> AuditListing.parse(null, null, null, "yesterday", null, null, null));
        assertCode("invalid_time", () -> AuditListing.parse(null, null, null, null, "1969-12-31T23:59:59Z", null, null));
        assertCode("invalid_time_range", () -> AuditListing.parse(null, null, null, "2026-12-02T00:00:00Z",
                "2026-12-01T00:00:00Z", null, null));
        assertCode("invalid_limit", () -> AuditListing.parse(null, null, null, null, null, null, "0"));
        assertCode("invalid_limit", () -> AuditListing.parse(null, null, null, null, null, null, "501"));
        assertCode("invalid_limit", () -> AuditListing.parse(null, null, null, null, null, null, "ten"));
    }

    private static void assertCode(String code, Runnable parse) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}
