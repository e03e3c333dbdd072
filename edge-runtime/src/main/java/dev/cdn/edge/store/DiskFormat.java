package dev.cdn.edge.store;

import dev.cdn.config.Admission;
import dev.cdn.edge.key.CacheKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import tools.jackson.databind.json.JsonMapper;

/**
 * The L2 object file, as pure encode/decode functions:
 * <pre>
 * magic "CDNL2v01" (8) | metadata length (int) | body length (long) | CRC32C of metadata + body (int)
 * metadata (JSON: key, headers, freshness values, tags) | body
 * </pre>
 * The header carries everything the in-memory index needs, so a restart rebuilds the indexes from the files alone;
 * the checksum covers metadata and body, so a torn or corrupt file is detected and never served.
 */
final class DiskFormat {

    static final byte[] MAGIC = "CDNL2v01".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = 8 + 4 + 8 + 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DiskFormat() {
    }

    /** The file's bytes before the body: fixed header plus metadata. */
    static ByteBuffer encodeHead(CachedObject o, byte[] body) {
        byte[] meta = JSON.writeValueAsBytes(metaMap(o));
        CRC32C crc = new CRC32C();
        crc.update(meta);
        crc.update(body);
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + meta.length);
        b.put(MAGIC).putInt(meta.length).putLong(body.length).putInt((int) crc.getValue()).put(meta);
        return b.flip();
    }

    /**
     * Parses the fixed header into {metadata length, body length, crc}; the metadata follows it. Throws when the
     * bytes are not our format.
     */
    static int[] fixed(ByteBuffer head) {
        if (head.remaining() < HEADER_BYTES) {
            throw new IllegalArgumentException("file shorter than the header");
        }
        byte[] magic = new byte[8];
        head.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("bad magic");
        }
        int metaLength = head.getInt();
        long bodyLength = head.getLong();
        int crc = head.getInt();
        if (metaLength < 2 || metaLength > 16 * 1024 * 1024 || bodyLength < 0 || bodyLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("implausible lengths");
        }
        return new int[] {metaLength, (int) bodyLength, crc};
    }

    /**
     * Reads only the head of an object file (fixed header and metadata, never the body) and checks that the file is
     * as long as the header says: what rebuilding the index at start needs, in O(entries) rather than O(bytes). The
     * body's bytes (and the checksum, which covers them) are checked when the body is first read or sent. Returns
     * {metadata length, body length, crc} and fills {@code meta}; throws when the file is not a whole object of ours.
     */
    static int[] readHead(java.nio.channels.FileChannel ch, byte[][] meta) throws java.io.IOException {
        ByteBuffer fixedBytes = ByteBuffer.allocate(HEADER_BYTES);
        readFully(ch, fixedBytes, 0);
        int[] fixed = fixed(fixedBytes.flip());
        if ((long) HEADER_BYTES + fixed[0] + fixed[1] != ch.size()) {
            throw new IllegalArgumentException("torn: " + ch.size() + " bytes, the header says "
                    + ((long) HEADER_BYTES + fixed[0] + fixed[1]));
        }
        ByteBuffer metaBytes = ByteBuffer.allocate(fixed[0]);
        readFully(ch, metaBytes, HEADER_BYTES);
        meta[0] = metaBytes.array();
        return fixed;
    }

    private static void readFully(java.nio.channels.FileChannel ch, ByteBuffer into, long position) throws java.io.IOException {
        while (into.hasRemaining()) {
            if (ch.read(into, position + into.position()) < 0) {
                throw new IllegalArgumentException("file shorter than its header");
            }
        }
    }

    /** Decodes metadata bytes (after {@link #fixed}) and a body into the stored object. */
    @SuppressWarnings("unchecked")
    static CachedObject decode(byte[] meta, byte[] body) {
        return fromMeta(JSON.readValue(meta, Map.class), body);
    }

    static boolean crcMatches(byte[] meta, byte[] body, int crc) {
        CRC32C c = new CRC32C();
        c.update(meta);
        c.update(body);
        return (int) c.getValue() == crc;
    }

    static Map<String, Object> metaMap(CachedObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", o.key().serviceId());
        m.put("url", o.key().url());
        m.put("primary", o.key().primary());
        m.put("storageKey", o.storageKey());
        m.put("vary", o.varyNames());
        m.put("status", o.status());
        List<List<String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> e : o.headers()) {
            headers.add(List.of(e.getKey(), e.getValue()));
        }
        m.put("headers", headers);
        m.put("responseTime", o.responseTime());
        m.put("initialAge", o.initialAge());
        m.put("ttl", o.ttlSeconds());
        m.put("swr", o.swrSeconds());
        m.put("sie", o.sieSeconds());
        m.put("authShareable", o.authShareable());
        m.put("tags", List.copyOf(o.tags()));
        m.put("invalidated", o.invalidated());
        m.put("admission", o.admission() == null ? null : o.admission().name());
        return m;
    }

    @SuppressWarnings("unchecked")
    static CachedObject fromMeta(Map<String, Object> m, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (List<String> pair : (List<List<String>>) m.get("headers")) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(pair.get(0), pair.get(1)));
        }
        String admission = (String) m.get("admission");
        return new CachedObject(
                new CacheKey((String) m.get("service"), (String) m.get("url"), (String) m.get("primary")),
                (String) m.get("storageKey"), List.copyOf((List<String>) m.get("vary")),
                ((Number) m.get("status")).intValue(), List.copyOf(headers), body,
                ((Number) m.get("responseTime")).longValue(), ((Number) m.get("initialAge")).longValue(),
                ((Number) m.get("ttl")).longValue(), ((Number) m.get("swr")).longValue(),
                ((Number) m.get("sie")).longValue(), (Boolean) m.get("authShareable"),
                Set.copyOf((List<String>) m.get("tags")), (Boolean) m.get("invalidated"),
                admission == null ? null : Admission.valueOf(admission));
    }
}
