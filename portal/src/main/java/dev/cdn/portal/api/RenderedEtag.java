package dev.cdn.portal.api;

import java.util.Optional;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The ETag a page was rendered with, carried in the Reactor context of the request that submits the page's form,
 * so that {@link PlatformApiTransport} sends it as {@code If-Match} on the API call the form makes (RFC 9110
 * §13.1.1). The API then refuses the change with 412 if someone else changed the thing since the page was shown,
 * instead of silently overwriting their change.
 */
public final class RenderedEtag {

    /** The form field every editing form carries (a hidden input). */
    public static final String FIELD = "etag";

    private static final String KEY = RenderedEtag.class.getName();

    private RenderedEtag() {
    }

    public static Context with(String etag) {
        return Context.of(KEY, etag);
    }

    static Optional<String> in(ContextView context) {
        return context.getOrEmpty(KEY);
    }
}
