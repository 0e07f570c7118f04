package io.coditect.deploy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range in CIDR notation (IPv4 or IPv6), enough to ask whether it holds an address or another range. */
record Cidr(BigInteger network, int prefix, int bits) {
    static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] address = address(cidr.substring(0, slash));
        int bits = address.length * 8;
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        return new Cidr(new BigInteger(1, address).shiftRight(bits - prefix), prefix, bits);
    }

    boolean contains(Cidr other) {
        return other.bits == bits && other.prefix >= prefix
                && other.network.shiftRight(other.prefix - prefix).equals(network);
    }

    boolean contains(String address) {
        return contains(parse(address + (address.contains(":") ? "/128" : "/32")));
    }

    private static byte[] address(String literal) {
        try {
            // A literal address: no lookup happens.
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }
}
