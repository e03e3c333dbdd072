package dev.cdn.edge.support;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starts a standalone edge for a wire test: node {@code edge-1}, ephemeral ports, admin token {@code secret}. */
public final class Edges {

    private Edges() {
    }

    /** Writes the services to {@code dir/edge.json} and starts an edge serving that file. */
    public static EdgeNode standalone(Path dir, ServiceConfig... services) throws IOException {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(services))));
        return EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("secret").configFile(file).build());
    }

    /**
     * Starts a node of a multi-tier test ({@code b} names it and gives its role or shields) on ephemeral loopback
     * ports, serving {@code configFile}, admin token {@code t}.
     */
    public static EdgeNode node(EdgeSettingsBuilder b, Path configFile) {
        return EdgeNode.start(b.allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("t").configFile(configFile).build());
    }
}
