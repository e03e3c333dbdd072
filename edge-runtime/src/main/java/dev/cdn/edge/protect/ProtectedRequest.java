package dev.cdn.edge.protect;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;

/**
 * What protection looks at in one request: read once from the connection and the request line, so each check is
 * a pure function of it.
 *
 * @param path     the normalized path (RFC 3986 section 6.2.2, as the cache key has it)
 * @param rawQuery the query as the client sent it, or null
 * @param client   the address of the client's connection; null when unknown
 * @param country  the client's country from the edge's geo file, or null when unknown
 * @param nowMillis the edge clock's reading for this request
 */
public record ProtectedRequest(String method, String rawPath, String path, String rawQuery, HttpHeaders headers,
                               InetAddress client, String country, long nowMillis) {
}
