package dev.cdn.config;

import java.util.Map;

/**
 * A question the URL debugger asks every connected node over its event stream: what would you do with this URL?
 * Sent as one line {@code {"probe":{...}}} beside the sequenced events (it is not one of them: it is never stored,
 * replayed or acknowledged); each node answers with a {@link UrlProbeAnswer} (docs/control-channel.md, "URL probes").
 *
 * @param id        the probe's id, which the answers carry
 * @param serviceId the service the URL belongs to
 * @param url       an absolute http or https URL
 * @param method    the request method to trace ({@code GET} unless set)
 * @param headers   request headers to trace with (those that select a variant: Accept-Encoding, a key header, ...)
 */
public record UrlProbe(String id, String serviceId, String url, String method, Map<String, String> headers) {

    /** How a probe line starts, so a node can tell it from an event without parsing it twice. */
    public static final String LINE_PREFIX = "{\"probe\":";

    public UrlProbe {
        method = method == null ? "GET" : method;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The line on the event stream: {@code {"probe":{...}}}. */
    public record Line(UrlProbe probe) {
    }
}
