package dev.cdn.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address block in CIDR notation (RFC 4632 section 3.1 for IPv4, RFC 4291 section 2.3 for IPv6): an address
 * and a prefix length, or one address alone (a /32 or /128). Only the plain spellings are read: dotted decimal for
 * IPv4 and RFC 4291 text for IPv6; a block with bits set after its prefix is refused, since it is nearly always
 * a typo for a different block.
 *
 * @param first the block's first address (4 or 16 bytes)
 * @param last  the block's last address
 */
public record Cidr(byte[] first, byte[] last) {

    private static final Pattern DOTTED = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** Reads a block; throws IllegalArgumentException with a message fit for a violation when it is not one. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is not an address or CIDR block");
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = address(addr).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not an IPv4 (dotted decimal) or IPv6 address or CIDR block"));
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
            }
            prefix = Integer.parseInt(p);
        }
        byte[] first = a.getAddress();
        byte[] last = a.getAddress();
        for (int i = prefix; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((first[i / 8] & mask) != 0) {
                byte[] network = first.clone();
                for (int j = prefix; j < bits; j++) {
                    network[j / 8] &= (byte) ~(0x80 >>> (j % 8));
                }
                throw new IllegalArgumentException("'" + text + "' has bits set after its /" + prefix + " prefix; the"
                        + " block is " + text(network) + "/" + prefix);
            }
            last[i / 8] |= (byte) mask;
        }
        return new Cidr(first, last);
    }

    /** Why {@code text} is not a block, or null when it is one. */
    public static String problem(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static Optional<InetAddress> address(String s) {
        if (DOTTED.matcher(s).matches()) {
            return IpLiterals.parse(s);
        }
        if (s.indexOf(':') >= 0 && V6.matcher(s).matches()) {
            Optional<InetAddress> a = IpLiterals.parse(s);
            // Java reads ::ffff:a.b.c.d as IPv4; a prefix length would then count the wrong bits.
            return a.filter(x -> !(x instanceof Inet4Address));
        }
        return Optional.empty();
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
