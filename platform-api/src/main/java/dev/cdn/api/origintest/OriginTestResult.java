package dev.cdn.api.origintest;

/**
 * The answer of {@code POST /v1/origin-tests}.
 *
 * @param status  the HTTP status the origin answered, or null when it did not answer
 * @param address the IP address connected to (after the SSRF check), or null when the name did not resolve
 * @param tls     what the TLS session was, or null for plain HTTP or when no session was made
 * @param message the outcome in plain words, saying what to do about a failure
 */
record OriginTestResult(OriginTestOutcome outcome, boolean reachable, Integer status, String address, int port,
                        Tls tls, Timings timings, String message) {

    /** The negotiated TLS session and the origin's certificate. */
    record Tls(String protocol, String cipherSuite, String certificateSubject, String certificateIssuer,
               String certificateExpires) {
    }

    /** Milliseconds spent resolving the name and in the whole test. */
    record Timings(long resolveMs, long totalMs) {
    }
}
