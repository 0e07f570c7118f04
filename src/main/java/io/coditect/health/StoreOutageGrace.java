package io.coditect.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The readiness rule for a store that gateways share: a store that has answered this server and
 * then stops answering keeps the server ready for {@code grace}, so a short FoundationDB outage
 * (a recovery, a coordinator change) does not take every gateway out of the load balancer at the
 * same moment, and attached terminals and clear {@code 503 store_unavailable} answers stay
 * reachable. An outage longer than that, or a store that never answered this server (nothing
 * installed, a wrong cluster file), makes it not ready: then it is this server that cannot work.
 */
final class StoreOutageGrace {
    /** What the rule decided at one check. */
    record Verdict(boolean ready, Instant outageSince) {
    }

    private final Duration grace;
    private boolean answeredOnce;
    private Instant outageSince;

    StoreOutageGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("coditect.health.store-outage-grace-seconds must not be negative");
        }
        this.grace = grace;
    }

    synchronized Verdict judge(boolean storeUp, Instant now) {
        if (storeUp) {
            answeredOnce = true;
            outageSince = null;
            return new Verdict(true, null);
        }
        if (outageSince == null) {
            outageSince = now;
        }
        boolean tolerated = answeredOnce && now.isBefore(outageSince.plus(grace));
        return new Verdict(tolerated, outageSince);
    }

    Duration grace() {
        return grace;
    }
}
