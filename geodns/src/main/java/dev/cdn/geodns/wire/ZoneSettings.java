package dev.cdn.geodns.wire;

import java.util.List;

/**
 * The fixed parts of answers. {@code answerTtl}: seconds resolvers keep an address answer; short (30 s by default)
 * so that a PoP taken out of answers stops receiving new clients within about that time. {@code negativeTtl}:
 * the SOA minimum, how long a resolver caches NXDOMAIN/NODATA (RFC 2308 section 5). {@code nameServers}: the
 * names of this responder's NS records at each apex.
 */
public record ZoneSettings(List<String> zones, List<String> nameServers, long answerTtl, long negativeTtl,
                           int maxQueryBytes) {

    public static final long DEFAULT_ANSWER_TTL = 30;
    public static final long DEFAULT_NEGATIVE_TTL = 30;
    /** A query is a header, one question and an OPT record: 512 bytes is far more than a valid one needs. */
    public static final int DEFAULT_MAX_QUERY_BYTES = 512;

    public ZoneSettings {
        zones = List.copyOf(zones);
        nameServers = List.copyOf(nameServers);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("at least one zone is needed");
        }
        for (String z : zones) {
            if (!WireNames.valid(z) || z.equals(".") || z.isEmpty()) {
                throw new IllegalArgumentException("zone '" + z + "' is not a domain name");
            }
        }
        if (answerTtl < 0 || answerTtl > 86_400 || negativeTtl < 0 || negativeTtl > 86_400) {
            throw new IllegalArgumentException("TTLs must be within 0..86400 s");
        }
        if (maxQueryBytes < QueryReader.HEADER_BYTES || maxQueryBytes > 65_535) {
            throw new IllegalArgumentException("max query size must be within 12..65535 bytes");
        }
    }

    public static ZoneSettings of(List<String> zones) {
        return new ZoneSettings(zones, List.of(), DEFAULT_ANSWER_TTL, DEFAULT_NEGATIVE_TTL, DEFAULT_MAX_QUERY_BYTES);
    }

    /** The NS names of a zone: those given, else {@code ns1.<zone>}. */
    List<String> nameServersOf(String zone) {
        return nameServers.isEmpty() ? List.of("ns1." + zone) : nameServers;
    }
}
