package dev.cdn.geodns.wire;

import io.netty.handler.codec.dns.DnsRecordType;

/** One resource record of a reply, its data already in wire form; {@code dnsClass} is IN except for OPT. */
record Rr(String name, DnsRecordType type, int dnsClass, long ttl, byte[] rdata) {

    static final int CLASS_IN = 1;

    /** Bytes it takes in a message: name, type, class, TTL, RDLENGTH and the data (RFC 1035 section 4.1.3). */
    int wireLength() {
        return WireNames.encodedLength(name) + 10 + rdata.length;
    }
}
