package dev.cdn.edge.esi;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Marks the requests a node sends to its own listener while assembling a page: a secret made at start (so no client
 * can forge the mark) and the nesting depth. A shell fetch asks for the raw stored page; a fragment fetch carries
 * its depth, so its own includes stop at the depth limit (which also ends include loops).
 */
final class InternalRequest {

    /** The header carrying the mark: "{secret} raw" or "{secret} {depth}". */
    static final String HEADER = "X-Edge-Esi-Internal";
    /** Depth value of a shell fetch: the stored page as it is, not assembled. */
    static final int RAW = -1;

    private final String secret;

    InternalRequest() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.secret = HexFormat.of().formatHex(bytes);
    }

    String mark(int depth) {
        return secret + " " + (depth == RAW ? "raw" : Integer.toString(depth));
    }

    /** The depth the header value marks, {@link #RAW}, or null when the value is absent or not ours. */
    Integer depthOf(String value) {
        if (value == null || !value.startsWith(secret + " ")) {
            return null;
        }
        String rest = value.substring(secret.length() + 1);
        if (rest.equals("raw")) {
            return RAW;
        }
        try {
            int depth = Integer.parseInt(rest);
            return depth >= 0 ? depth : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
