package dev.cdn.api.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block (used by the rate limits and the live-log filters), such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
public record Cidr(byte[] network, int prefix) {

    /** Parses an entry of {@code cdn.api.trusted-proxies}; only literal addresses (no DNS lookups). */
    public static Cidr parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block", e);
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "': the prefix length must be 0-" + bytes.length * 8);
        }
        return new Cidr(bytes, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
