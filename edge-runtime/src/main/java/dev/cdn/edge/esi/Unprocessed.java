package dev.cdn.edge.esi;

import java.util.Locale;

/**
 * Why a page under an ESI rule went to the client as stored, unprocessed; the same value tags the metric and the
 * {@value #HEADER} response header, so an unassembled page is never mistaken for an assembled one.
 */
public enum Unprocessed {
    /** The page is longer than the output limit: relayed as it streams in rather than held or cut. */
    OVER_OUTPUT_LIMIT;

    /** The response header that marks a page relayed unprocessed. */
    public static final String HEADER = "Edge-ESI";

    /** The header's value: {@code unprocessed; detail=<reason>}. */
    public String headerValue() {
        return "unprocessed; detail=" + token();
    }

    /** The reason as a metric tag and header token. */
    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
