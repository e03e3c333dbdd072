package dev.cdn.edge.esi;

/**
 * A fetched fragment, ready to include: its body as sent to clients (already assembled if it held ESI itself) and
 * the browser TTL its response allows.
 *
 * @param body the bytes to include
 * @param browserTtlSeconds the max-age its response gives browsers; {@link #NO_TTL} when it gives none
 */
public record Fragment(byte[] body, long browserTtlSeconds) {

    /** The response gave browsers no lifetime (no max-age): it does not lower the page's. */
    public static final long NO_TTL = Long.MAX_VALUE;
}
