package dev.cdn.portal.api;

import java.time.Instant;

/** A debug token just made: shown once. {@code header} is the request field that carries it. */
public record DebugTokenInfo(String token, String header, Instant setAt) {

    @Override
    public String toString() {
        return "DebugTokenInfo[header=" + header + "]";
    }
}
