package dev.cdn.e2e;

import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import java.net.URI;

/** The settings every edge or shield of an end-to-end test starts from: loopback, ephemeral ports, a control plane. */
final class TestEdges {

    /** The admin port's bearer token on every node a test starts. */
    static final String ADMIN_TOKEN = "admin";

    private TestEdges() {
    }

    /**
     * Node {@code nodeId} in {@code pop}, listening (proxy and admin) on ephemeral ports of 127.0.0.1, allowed to
     * fetch from loopback origins (the tests' origins), connected to {@code controlPlane} with {@code edgeToken};
     * the test adds what its scenario needs (state and disk folders, a shield, TLS, a clock) and builds.
     */
    static EdgeSettingsBuilder onLoopback(String nodeId, EdgeRole role, String pop, URI controlPlane,
            String edgeToken) {
        return EdgeSettings.builder().nodeId(nodeId).role(role).pop(pop)
                .allowedPrivateOrigins("127.0.0.1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken(ADMIN_TOKEN)
                .controlPlane(controlPlane, edgeToken);
    }
}
