package dev.cdn.geodns.wire;

import java.net.InetSocketAddress;

/**
 * A message that could not be read as a query. {@code id} is its ID when at least the header's first two bytes
 * arrived (-1 otherwise: nothing can be answered), so the FORMERR reaches the right outstanding query.
 */
record MalformedQuery(InetSocketAddress sender, InetSocketAddress recipient, int id, boolean oversized) {
}
