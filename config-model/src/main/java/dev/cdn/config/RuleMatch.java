package dev.cdn.config;

import java.util.List;

/**
 * When a cache rule applies. Every criterion given must hold; an empty match applies to every request.
 *
 * @param pathPrefix the path starts with this (e.g. {@code /static/})
 * @param glob       the whole path matches this {@link PathGlob} (e.g. {@code /img/**.png})
 * @param extensions the path's file extension is one of these, without the dot (e.g. {@code css})
 * @param methods    the request method is one of these (upper case); empty means any
 */
public record RuleMatch(String pathPrefix, String glob, List<String> extensions, List<String> methods) {

    public static final RuleMatch ANY = new RuleMatch(null, null, List.of(), List.of());

    public RuleMatch {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        methods = methods == null ? List.of() : List.copyOf(methods);
    }
}
