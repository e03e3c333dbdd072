package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a node writes the messages of this package: absent values are left out (a field a node does not know to set
 * costs nothing on the wire). Reading is the receiver's: it ignores fields it does not know (each record says so) and
 * refuses enum values it does not know.
 */
public final class WireCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private WireCodec() {
    }

    public static byte[] writeBytes(Object message) {
        return MAPPER.writeValueAsBytes(message);
    }

    /** Reads one message; a malformed one throws Jackson's exception, whose path names the field. */
    public static <T> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
