package dev.cdn.geodns.location;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An address block: a network address (host bits zero) and its prefix length, IPv4 or IPv6. */
public record Cidr(byte[] network, int prefixLength) {

    public Cidr {
        network = network.clone();
        int max = network.length * 8;
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, got " + network.length);
        }
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length must be within 0.." + max + ", got " + prefixLength);
        }
        if (!Arrays.equals(network, mask(network, prefixLength))) {
            throw new IllegalArgumentException("host bits are set beyond /" + prefixLength);
        }
    }

    /** Parses {@code 203.0.113.0/24} or {@code 2001:db8::/32}; only numeric addresses (no name lookups). */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not ADDRESS/PREFIX");
        }
        byte[] address = numericAddress(text.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        return new Cidr(address, prefix);
    }

    /** The bytes of a literal IPv4 or IPv6 address; refuses anything that would need a name lookup. */
    public static byte[] numericAddress(String literal) {
        String s = literal.trim();
        boolean looksNumeric = !s.isEmpty() && (s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
        if (!looksNumeric) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address");
        }
    }

    /** The address with every bit after the first {@code prefixLength} cleared. */
    public static byte[] mask(byte[] address, int prefixLength) {
        byte[] out = address.clone();
        for (int bit = prefixLength; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(network, mask(address, prefixLength));
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
