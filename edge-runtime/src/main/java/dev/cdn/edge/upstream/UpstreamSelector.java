package dev.cdn.edge.upstream;

import dev.cdn.config.Origin;
import dev.cdn.edge.EdgeRole;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.routing.CompiledRule;
import java.net.URI;

/**
 * Chooses the upstream of a request: the shield when this node is an edge, has a shield, and the service enables
 * shielding; otherwise the first origin of the rule's pool.
 */
public final class UpstreamSelector {

    private final EdgeRole role;
    private final URI shield;

    public UpstreamSelector(EdgeRole role, URI shield) {
        this.role = role;
        this.shield = shield;
    }

    public UpstreamTarget select(CompiledService service, CompiledRule rule) {
        Origin origin = service.origin(rule.rule().originPool());
        if (role == EdgeRole.EDGE && shield != null && service.config().settings().shieldEnabled()) {
            boolean tls = "https".equals(shield.getScheme());
            int port = shield.getPort() > 0 ? shield.getPort() : tls ? 443 : 80;
            // The shield routes by Host too, so the client's Host goes through unchanged.
            return new UpstreamTarget(shield.getHost(), port, tls, null, origin.connectTimeoutMs(),
                    origin.readTimeoutMs(), true);
        }
        return new UpstreamTarget(origin.host(), origin.port(), origin.tls(), origin.hostHeader(),
                origin.connectTimeoutMs(), origin.readTimeoutMs(), false);
    }
}
