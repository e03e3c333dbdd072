package dev.cdn.config;

/**
 * A redirect answered by the edge.
 *
 * @param status   301, 302, 307 or 308 (RFC 9110 15.4)
 * @param location the target; may hold {@code {scheme}}, {@code {host}}, {@code {path}}, {@code {query}} (without
 *                 the '?') and {@code {uri}} (path plus '?' and query when there is one)
 */
public record Redirect(int status, String location) {
}
