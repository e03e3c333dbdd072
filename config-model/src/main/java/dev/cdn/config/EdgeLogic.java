package dev.cdn.config;

/**
 * What a service's edges do to requests and responses beyond caching: experiments (A/B tests) and ordered
 * request/response rules. Empty for a service that only caches.
 */
public record EdgeLogic() {

    public static final EdgeLogic NONE = new EdgeLogic();
}
