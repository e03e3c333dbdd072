package dev.cdn.portal.service;

import java.util.List;

import dev.cdn.portal.api.DomainClaim;

/**
 * How far a service is from serving traffic, for the card at the top of its page: the steps (an origin, verified
 * domains, an active version) and, once all are done, where to point DNS and a curl command that reaches the edge
 * before DNS is changed ({@code --connect-to}, so the request carries the real Host). A pure function of what the
 * page already loaded.
 *
 * @param edgeTarget the edges' public name or address ({@code cdn.portal.edge-target}), host[:port]
 */
public record GoLive(boolean hasOrigin, int verifiedDomains, int domains, boolean active, String firstVerified,
        String edgeTarget) {

    static GoLive of(ServiceState state, List<DomainClaim> claims, String edgeTarget) {
        List<String> verified = claims.stream().filter(c -> "verified".equals(c.state())).map(DomainClaim::name)
                .filter(name -> !name.startsWith("*.")).toList();
        int verifiedCount = (int) claims.stream().filter(c -> "verified".equals(c.state())).count();
        return new GoLive(!state.version().config().origins().isEmpty(), verifiedCount,
                state.version().config().domains().size(), state.service().activeVersion() != null,
                verified.isEmpty() ? null : verified.get(0), edgeTarget);
    }

    public boolean live() {
        return hasOrigin && active && verifiedDomains > 0;
    }

    /** The edge's host, for the CNAME (a port is a local setup's, which DNS cannot carry). */
    public String dnsTarget() {
        return edgeTarget.replaceFirst(":\\d+$", "");
    }

    /** A request to the edge for the first verified domain, without waiting for DNS. */
    public String curl() {
        String host = firstVerified == null ? "www.example.com" : firstVerified;
        String target = edgeTarget.contains(":") ? edgeTarget : edgeTarget + ":80";
        return "curl -sI --connect-to " + host + ":80:" + target + " http://" + host + "/";
    }
}
