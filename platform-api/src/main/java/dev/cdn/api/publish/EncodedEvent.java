package dev.cdn.api.publish;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;

/**
 * An event with its NDJSON line (JSON and a line feed), encoded once: an event read for all of a replica's
 * streams is sent to every connected edge, and serializing it once per edge cost as many encodings as edges.
 * The line is shared between streams and must not be modified.
 */
record EncodedEvent(EdgeEvent event, byte[] line) {

    static EncodedEvent of(EdgeEvent event) {
        byte[] json = ConfigCodec.writeBytes(event);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return new EncodedEvent(event, line);
    }

    long seq() {
        return event.seq();
    }
}
