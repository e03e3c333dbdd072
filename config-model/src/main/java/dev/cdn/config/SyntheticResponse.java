package dev.cdn.config;

/**
 * A response the edge makes up without asking the origin.
 *
 * @param status      200-599
 * @param contentType null means {@code text/plain; charset=utf-8}
 * @param body        at most {@link #MAX_BODY} characters; null means empty
 */
public record SyntheticResponse(int status, String contentType, String body) {

    public static final int MAX_BODY = 65_536;
}
