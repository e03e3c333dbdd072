package dev.cdn.portal.api;

/**
 * The answer of {@code POST /v1/origin-tests}: one fetch of an origin as an edge would make it. {@code outcome}
 * is the API's enum name ({@code OK}, {@code NOT_TLS}, ...); {@code message} says it in plain words.
 */
public record OriginTest(String outcome, boolean reachable, Integer status, String address, int port, Tls tls,
        Timings timings, String message) {

    /** The TLS session, when there was one. */
    public record Tls(String protocol, String cipherSuite, String certificateSubject, String certificateIssuer,
            String certificateExpires) {
    }

    /** Milliseconds spent resolving the name and in the whole test. */
    public record Timings(long resolveMs, long totalMs) {
    }

    /** What to ask for: where the origin is, and optionally the Host header and path (its health check). */
    public record Request(String host, int port, boolean tls, String hostHeader, String path) {
    }
}
