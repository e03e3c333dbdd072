package dev.cdn.config;

import java.util.List;

/**
 * When an edge-logic rule or experiment applies. Every criterion given must hold; within a list, any entry may
 * (methods, schemes, address prefixes, countries) or every entry must (header, cookie and query conditions).
 *
 * @param path            the normalized path matches this {@link PathGlob}
 * @param methods         the request method is one of these (upper case)
 * @param schemes         how the client reached the edge: {@code http} or {@code https}
 * @param headers         conditions on request headers
 * @param cookies         conditions on request cookies
 * @param query           conditions on query parameters
 * @param clientAddresses the client address lies in one of these CIDR prefixes
 * @param countries       the client's country (ISO 3166-1 alpha-2) is one of these
 */
public record LogicMatch(
        String path,
        List<String> methods,
        List<String> schemes,
        List<FieldMatch> headers,
        List<FieldMatch> cookies,
        List<FieldMatch> query,
        List<String> clientAddresses,
        List<String> countries) {

    public static final LogicMatch ANY = new LogicMatch(null, null, null, null, null, null, null, null);

    public LogicMatch {
        methods = methods == null ? List.of() : List.copyOf(methods);
        schemes = schemes == null ? List.of() : List.copyOf(schemes);
        headers = headers == null ? List.of() : List.copyOf(headers);
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
        query = query == null ? List.of() : List.copyOf(query);
        clientAddresses = clientAddresses == null ? List.of() : List.copyOf(clientAddresses);
        countries = countries == null ? List.of() : List.copyOf(countries);
    }

    /** A match on the path alone. */
    public static LogicMatch path(String glob) {
        return new LogicMatch(glob, null, null, null, null, null, null, null);
    }

    /** True when the match depends on more than the request's URL (method, scheme, fields, client). */
    public boolean beyondUrl() {
        return !methods.isEmpty() || !headers.isEmpty() || !cookies.isEmpty() || !clientAddresses.isEmpty()
                || !countries.isEmpty();
    }
}
