package io.coditect.auth.dev;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Whether a request was made on this machine: by the socket's remote address, never by what a
 * header claims. Headers only ever refuse: a request that came through a proxy (which would make
 * every remote client look local), or that names a host or origin that is not this machine's
 * loopback (a web page that rebound its DNS name to 127.0.0.1), is not local.
 */
final class LocalRequests {
    private static final List<String> PROXY_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Proto", "X-Real-IP", "Via");

    private LocalRequests() {
    }

    static boolean isLocal(HttpServletRequest request) {
        return isLoopbackLiteral(request.getRemoteAddr())
                && PROXY_HEADERS.stream().noneMatch(header -> request.getHeader(header) != null)
                && isLoopbackHost(hostOf(request.getHeader("Host")))
                && (request.getHeader("Origin") == null || isLoopbackHost(originHost(request.getHeader("Origin"))));
    }

    /** The host part of a Host header: {@code localhost:9080}, {@code [::1]:9080}, {@code 127.0.0.1}. */
    static String hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String value = hostHeader.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? null : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    private static String originHost(String origin) {
        try {
            String host = URI.create(origin.trim()).getHost();
            return host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        return host.toLowerCase(Locale.ROOT).equals("localhost") || isLoopbackLiteral(host);
    }

    /** True for an IP address literal on the loopback interface; never resolves a name. */
    static boolean isLoopbackLiteral(String address) {
        if (address == null || address.isBlank() || !address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
