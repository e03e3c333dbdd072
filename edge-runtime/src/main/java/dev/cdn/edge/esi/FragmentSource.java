package dev.cdn.edge.esi;

import java.net.URI;
import reactor.core.publisher.Mono;

/**
 * Where fragments come from: the edge's own cache path, so each fragment is cached under its own key and rule and
 * concurrent misses coalesce. The result errors (or is empty) when the fragment cannot be included: a transport
 * failure or a status other than 2xx.
 */
@FunctionalInterface
public interface FragmentSource {

    /** Fetches {@code url} as a fragment at nesting {@code depth} (1 for a page's own includes). */
    Mono<Fragment> fetch(URI url, int depth);
}
