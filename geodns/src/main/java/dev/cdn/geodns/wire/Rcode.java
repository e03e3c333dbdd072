package dev.cdn.geodns.wire;

/**
 * The response codes this responder gives (RFC 1035 section 4.1.1, RFC 6891 section 6.1.3); the same value
 * feeds the header, the OPT record's extended bits and the {@code rcode} metric tag.
 */
public enum Rcode {
    NOERROR(0), FORMERR(1), SERVFAIL(2), NXDOMAIN(3), NOTIMP(4), REFUSED(5),
    /** An EDNS version we do not speak (only 0 exists): 16, so its upper 8 bits travel in the OPT record. */
    BADVERS(16);

    private final int value;

    Rcode(int value) {
        this.value = value;
    }

    /** The 4 bits in the header. */
    int headerBits() {
        return value & 0xf;
    }

    /** The upper 8 bits, carried in the OPT record's TTL field (RFC 6891 section 6.1.3). */
    int extendedBits() {
        return value >>> 4;
    }
}
