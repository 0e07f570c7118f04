package io.coditect.audit;

import io.coditect.platform.Immutable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The client address of a request as seen through the configured trusted proxies
 * ({@code coditect.audit.trusted-proxies}: addresses or CIDR ranges). {@code X-Forwarded-For} is
 * read from the right, and only while the hop that added an entry is trusted: a client cannot
 * name an address of its choice by sending the header itself. With no trusted proxy the socket's
 * peer is the client.
 */
@Immutable
public class ClientAddresses {
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private final List<Range> trusted;

    /**
     * Reads the list through {@link Config#getOptionalValues}, which every server's MicroProfile
     * Config supports (Payara's injection of {@code Optional<List<String>>} fails on the nested
     * generic type, as for {@code OriginPolicy}).
     */
    @Inject
    public ClientAddresses(Config config) {
        this(config.getOptionalValues("coditect.audit.trusted-proxies", String.class).orElse(List.of()));
    }

    ClientAddresses(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                ranges.add(Range.parse(entry.strip()));
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    /** Created at start, so a bad {@code coditect.audit.trusted-proxies} stops the application then, not at the first request. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Constructing this bean checked the setting.
    }

    /** Where the request came from: the resolved client address and its user agent. */
    public RequestOrigin origin(HttpServletRequest request) {
        List<String> forwarded = request.getHeaders("X-Forwarded-For") == null ? List.of()
                : Collections.list(request.getHeaders("X-Forwarded-For"));
        return new RequestOrigin(resolve(request.getRemoteAddr(), forwarded), request.getHeader("User-Agent"));
    }

    /** The client address given the socket's peer and the {@code X-Forwarded-For} headers, in order. */
    String resolve(String peer, List<String> forwardedHeaders) {
        List<String> hops = new ArrayList<>();
        for (String header : forwardedHeaders) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        String client = peer;
        for (int index = hops.size() - 1; index >= 0 && isTrusted(client); index--) {
            String hop = hops.get(index);
            if (!ADDRESS_LITERAL.matcher(hop).matches()) {
                break;
            }
            client = hop;
        }
        return client;
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = Range.literal(address);
        return bytes.isPresent() && trusted.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    /** An address or CIDR range; literals only, so no configured entry ever causes a DNS lookup. */
    private record Range(byte[] network, int prefixBits) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "coditect.audit.trusted-proxies: '" + entry + "' is not an IP address or CIDR range"));
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("coditect.audit.trusted-proxies: bad prefix length in '" + entry + "'");
            }
            return new Range(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        static Optional<byte[]> literal(String text) {
            if (text == null || !ADDRESS_LITERAL.matcher(text).matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(InetAddress.getByName(text).getAddress());
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
    }
}
