package dev.cdn.geodns.wire;

import java.util.Optional;

/**
 * The EDNS Client Subnet option (RFC 7871 section 6): the client's network as its resolver forwarded it. Only
 * the first {@code sourcePrefix} bits of {@code address} (padded to 4 or 16 bytes) carry information.
 */
public record ClientSubnet(int family, int sourcePrefix, byte[] address) {

    /** EDNS option code of ECS (RFC 7871 section 6). */
    public static final int OPTION_CODE = 8;
    static final int FAMILY_IPV4 = 1;
    static final int FAMILY_IPV6 = 2;

    /** Why an ECS option was refused: each one is a FORMERR (RFC 7871 section 7.1.2 and 6). */
    enum Problem {
        TOO_SHORT, UNKNOWN_FAMILY, PREFIX_TOO_LONG, SCOPE_NOT_ZERO, ADDRESS_LENGTH, BITS_BEYOND_PREFIX
    }

    /** Either an option or the reason it was malformed. */
    record Parsed(Optional<ClientSubnet> subnet, Optional<Problem> problem) {
        static Parsed ok(ClientSubnet s) {
            return new Parsed(Optional.of(s), Optional.empty());
        }

        static Parsed bad(Problem p) {
            return new Parsed(Optional.empty(), Optional.of(p));
        }
    }

    /** Parses the option's data (after code and length). */
    static Parsed parse(byte[] data) {
        if (data.length < 4) {
            return Parsed.bad(Problem.TOO_SHORT);
        }
        int family = (data[0] & 0xff) << 8 | data[1] & 0xff;
        int source = data[2] & 0xff;
        int scope = data[3] & 0xff;
        int width;
        if (family == FAMILY_IPV4) {
            width = 4;
        } else if (family == FAMILY_IPV6) {
            width = 16;
        } else {
            return Parsed.bad(Problem.UNKNOWN_FAMILY);
        }
        if (source > width * 8) {
            return Parsed.bad(Problem.PREFIX_TOO_LONG);
        }
        // Section 6: SCOPE PREFIX-LENGTH MUST be 0 in queries.
        if (scope != 0) {
            return Parsed.bad(Problem.SCOPE_NOT_ZERO);
        }
        // Section 6: ADDRESS is exactly ceil(SOURCE / 8) bytes, the bits past SOURCE zero.
        int bytes = (source + 7) / 8;
        if (data.length - 4 != bytes) {
            return Parsed.bad(Problem.ADDRESS_LENGTH);
        }
        byte[] address = new byte[width];
        System.arraycopy(data, 4, address, 0, bytes);
        if (source % 8 != 0 && (address[bytes - 1] & (0xff >>> (source % 8))) != 0) {
            return Parsed.bad(Problem.BITS_BEYOND_PREFIX);
        }
        return Parsed.ok(new ClientSubnet(family, source, address));
    }

    /** The option as the response carries it: the query's family, source and address, and our scope. */
    byte[] encodeWithScope(int scopePrefix) {
        int bytes = (sourcePrefix + 7) / 8;
        byte[] out = new byte[4 + 4 + bytes];
        out[0] = 0;
        out[1] = (byte) OPTION_CODE;
        out[2] = (byte) ((4 + bytes) >> 8);
        out[3] = (byte) (4 + bytes);
        out[4] = 0;
        out[5] = (byte) family;
        out[6] = (byte) sourcePrefix;
        out[7] = (byte) scopePrefix;
        System.arraycopy(address, 0, out, 8, bytes);
        return out;
    }

    @Override
    public byte[] address() {
        return address.clone();
    }
}
