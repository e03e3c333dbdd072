package dev.cdn.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A client address prefix such as {@code 192.0.2.0/24} or {@code 2001:db8::/32} (RFC 4632 CIDR notation); a bare
 * address is a prefix of one. Only literal addresses are read, never names, so parsing never does DNS.
 */
public final class AddressPrefix {

    private final byte[] network;
    private final int length;

    private AddressPrefix(byte[] network, int length) {
        this.network = network;
        this.length = length;
    }

    /** Parses a prefix; throws {@link IllegalArgumentException} saying why the text is not one. */
    public static AddressPrefix parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be an IP address or CIDR prefix");
        }
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        // Dotted decimal or IPv6 only: the inet_aton spellings (127.1, 0x7f.1) are not what a reader expects here.
        boolean v4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!v4 && !(address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+"))) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR prefix");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR prefix", e);
        }
        if (v4 && bytes.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR prefix");
        }
        int bits = bytes.length * 8;
        int length;
        try {
            length = slash < 0 ? bits : Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the prefix length must be 0-" + bits, e);
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("'" + text + "': the prefix length must be 0-" + bits);
        }
        return new AddressPrefix(bytes, length);
    }

    /** True when the address lies in this prefix (an IPv4 address never lies in an IPv6 prefix, nor the reverse). */
    public boolean contains(InetAddress address) {
        return address != null && contains(address.getAddress());
    }

    /** The same test on an address's bytes (4 for IPv4, 16 for IPv6), read once by a caller testing many prefixes. */
    public boolean contains(byte[] bytes) {
        if (bytes.length != network.length) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
