package io.coditect.terminal.attach;

import com.apple.foundationdb.tuple.Tuple;
import io.coditect.auth.Caller;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.KeyValueStore;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Tickets in the store, so that a ticket issued by one gateway replica is redeemed by whichever
 * replica the browser's WebSocket reaches. Taking a ticket reads it and marks it taken by this
 * take's own id in one transaction: two replicas redeeming the same ticket at once conflict, and
 * the one that runs again finds it taken by another, so a ticket is used once across all replicas.
 * A take whose commit went through but whose outcome was lost runs again and finds its own id: the
 * attach goes ahead instead of being refused. Taken tickets stay until their expiry and are
 * cleared with the expired ones. The key is the ticket's SHA-256: whoever reads the store learns
 * no ticket.
 *
 * <p>Issuing a ticket clears a few expired ones through snapshot reads: issues on several replicas
 * at once (the re-attach storm after a drain) never conflict over which expired tickets they saw.
 */
final class StoredTicketGrants implements TicketGrants {
    /** Expired tickets cleared per issue: bounded work per transaction, and more than are ever issued per issue. */
    private static final int PURGE_BATCH = 64;
    /** Set in a ticket's value when an attach took it: the id of that take. */
    private static final String TAKEN_BY = "takenBy";

    private final KeyValueStore store;
    private final KeyLayout keys;

    StoredTicketGrants(KeyValueStore store, KeyLayout keys) {
        this.store = store;
        this.keys = keys;
    }

    @Override
    public void put(String ticket, TicketGrant grant, Instant now) {
        byte[] hash = hash(ticket);
        byte[] value = encode(grant).getBytes(StandardCharsets.UTF_8);
        long expiresAt = grant.expiresAt().toEpochMilli();
        store.transact(tx -> {
            byte[] begin = keys.attachTicketExpiries().range().begin;
            byte[] end = keys.attachTicketExpiries().pack(Tuple.from(now.toEpochMilli()));
            List<KeyValue> expired = tx.snapshot().getRange(begin, end, PURGE_BATCH);
            for (KeyValue entry : expired) {
                tx.clear(keys.attachTicket(keys.attachTicketExpiries().unpack(entry.key()).getBytes(1)));
                tx.clear(entry.key());
            }
            tx.set(keys.attachTicket(hash), value);
            tx.set(keys.attachTicketExpiry(expiresAt, hash), new byte[0]);
            return null;
        });
    }

    @Override
    public Optional<TicketGrant> take(String ticket) {
        byte[] hash = hash(ticket);
        String taker = UUID.randomUUID().toString();
        return store.transact(tx -> {
            byte[] key = keys.attachTicket(hash);
            Optional<JsonObject> stored = tx.get(key).map(value -> parse(new String(value, StandardCharsets.UTF_8)));
            if (stored.isEmpty()) {
                return Optional.<TicketGrant>empty();
            }
            String takenBy = stored.get().getString(TAKEN_BY, null);
            if (takenBy != null) {
                return takenBy.equals(taker) ? Optional.of(decode(stored.get())) : Optional.<TicketGrant>empty();
            }
            JsonObject taken = Json.createObjectBuilder(stored.get()).add(TAKEN_BY, taker).build();
            tx.set(key, taken.toString().getBytes(StandardCharsets.UTF_8));
            return Optional.of(decode(stored.get()));
        });
    }

    private static byte[] hash(String ticket) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String encode(TicketGrant grant) {
        JsonArrayBuilder groups = Json.createArrayBuilder();
        grant.caller().groups().stream().sorted().forEach(groups::add);
        return Json.createObjectBuilder()
                .add("user", grant.caller().name())
                .add("groups", groups)
                .add("workspaceId", grant.workspaceId())
                .add("terminalId", grant.terminalId())
                .add("expiresAt", grant.expiresAt().toEpochMilli())
                .build().toString();
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static TicketGrant decode(JsonObject object) {
        Set<String> groups = object.getJsonArray("groups").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).collect(Collectors.toSet());
        return new TicketGrant(new Caller(object.getString("user"), groups), object.getString("workspaceId"),
                object.getString("terminalId"), Instant.ofEpochMilli(object.getJsonNumber("expiresAt").longValue()));
    }
}
