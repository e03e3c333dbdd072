package dev.cdn.api.security;

import org.springframework.web.server.WebFilter;

/**
 * A filter that runs in the security chain right after authorization, where the caller is known (a rate limit,
 * for instance). Features provide one as a bean of this type, not of type {@link WebFilter}, which would also run
 * outside the chain.
 */
public interface AuthorizedRequestFilter {

    WebFilter filter();
}
