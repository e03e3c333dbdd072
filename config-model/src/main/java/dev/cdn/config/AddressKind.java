package dev.cdn.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What kind of network an IP address belongs to, for the SSRF policy: only {@link #PUBLIC} addresses may be
 * origins unless the operator allow-lists one (see {@link PrivateOriginAllowList}). Special-purpose ranges are
 * those of the IANA registries (RFC 6890, RFC 8190). IPv6 forms that embed or translate an IPv4 address (NAT64
 * RFC 6052, 6to4 RFC 3056, Teredo RFC 4380, IPv4-compatible and -mapped RFC 4291 section 2.5.5) are refused
 * whole: the address they reach is decided by a translator, not by the literal.
 */
public enum AddressKind {
    PUBLIC,
    LOOPBACK,
    PRIVATE,
    SHARED,
    LINK_LOCAL,
    METADATA,
    MULTICAST,
    UNSPECIFIED,
    RESERVED,
    DOCUMENTATION,
    NAT64,
    SIX_TO_FOUR,
    TEREDO,
    IPV4_EMBEDDED;

    /** The kind of {@code address}. */
    public static AddressKind of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ofIpv4(b);
        }
        if (address instanceof Inet6Address) {
            return ofIpv6(b);
        }
        return RESERVED;
    }

    public boolean isPublic() {
        return this == PUBLIC;
    }

    private static AddressKind ofIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return UNSPECIFIED; // 0.0.0.0/8 "this network": connecting to it reaches the local host
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return PRIVATE; // RFC 1918
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return SHARED; // RFC 6598 carrier-grade NAT
        }
        if (a0 == 169 && a1 == 254) {
            return a2 == 169 && a3 == 254 ? METADATA : LINK_LOCAL;
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return RESERVED; // IETF protocol assignments
        }
        if (a0 == 192 && a1 == 0 && a2 == 2 || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
            return DOCUMENTATION;
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return RESERVED; // benchmarking, RFC 2544
        }
        if (a0 >= 224 && a0 < 240) {
            return MULTICAST;
        }
        if (a0 >= 240) {
            return RESERVED; // includes the limited broadcast 255.255.255.255
        }
        return PUBLIC;
    }

    private static AddressKind ofIpv6(byte[] b) {
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) {
            zeroTo10 &= b[i] == 0;
        }
        if (zeroTo10 && b[10] == 0 && b[11] == 0) {
            boolean zeroHead = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (zeroHead && b[15] == 0) {
                return UNSPECIFIED;
            }
            if (zeroHead && b[15] == 1) {
                return LOOPBACK;
            }
            return IPV4_EMBEDDED; // ::a.b.c.d, IPv4-compatible
        }
        if (zeroTo10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return IPV4_EMBEDDED; // ::ffff:a.b.c.d, IPv4-mapped (Java usually hands these over as IPv4)
        }
        int w0 = (b[0] & 0xff) << 8 | b[1] & 0xff;
        int w1 = (b[2] & 0xff) << 8 | b[3] & 0xff;
        int w2 = (b[4] & 0xff) << 8 | b[5] & 0xff;
        if (w0 == 0x0064 && w1 == 0xff9b) {
            return NAT64; // 64:ff9b::/96 and the local-use 64:ff9b:1::/48
        }
        if (w0 == 0x2002) {
            return SIX_TO_FOUR;
        }
        if (w0 == 0x2001 && w1 == 0) {
            return TEREDO;
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return DOCUMENTATION;
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2 && isMetadataTail(b)) {
            return METADATA; // fd00:ec2::254, the cloud instance metadata service over IPv6
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return PRIVATE; // fc00::/7 unique local
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return PRIVATE; // deprecated site-local
        }
        if ((w0 & 0xff00) == 0xff00) {
            return MULTICAST;
        }
        if (w0 == 0x0100 && w1 == 0 && w2 == 0 && b[6] == 0 && b[7] == 0) {
            return RESERVED; // 100::/64 discard
        }
        return PUBLIC;
    }

    private static boolean isMetadataTail(byte[] b) {
        for (int i = 4; i < 14; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[14] == 0x02 && b[15] == 0x54;
    }
}
