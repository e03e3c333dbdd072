package dev.cdn.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads an origin host as an IP address when it is one, in every spelling a resolver would accept: the BSD
 * {@code inet_aton} forms of IPv4 (one to four parts, each decimal, octal with a leading {@code 0} or hex with
 * {@code 0x}: {@code 127.1}, {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}), IPv6 with or without
 * brackets and zone, and any of these with trailing dots. A check that compared only dotted-decimal text would let
 * these spellings through to a resolver that reads them as loopback.
 */
public final class IpLiterals {

    private IpLiterals() {
    }

    /** The address {@code host} spells, or empty when it is a name (or not a valid literal of any kind). */
    public static Optional<InetAddress> parse(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String h = host.trim();
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty()) {
            return Optional.empty();
        }
        return h.indexOf(':') >= 0 ? ipv6(h) : ipv4(h);
    }

    private static Optional<InetAddress> ipv6(String h) {
        int zone = h.indexOf('%');
        String bare = zone >= 0 ? h.substring(0, zone) : h;
        if (!bare.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            // A literal containing ':' is parsed, never looked up.
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long v = number(parts[i]);
            if (v < 0) {
                return Optional.empty();
            }
            values[i] = v;
        }
        // inet_aton: every part but the last is one byte; the last fills the remaining bytes.
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        int remainingBytes = 4 - (parts.length - 1);
        if (last >= 1L << (8 * remainingBytes)) {
            return Optional.empty();
        }
        address |= last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** One inet_aton part as a number, or -1 when it is not one (then the host is a name). */
    private static long number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.length() > 1 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return radix == 16 ? 0 : -1;
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
