package dev.cdn.api.topology;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.InvalidConfigException;
import dev.cdn.config.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The deployment's topology ({@code cdn.topology.bootstrap}, from {@code CDN_TOPOLOGY_BOOTSTRAP}: the JSON document
 * {@code {"regions":[...]}} that Terraform renders from its shield PoPs). When set, the deployment owns the topology:
 * it is stored at start whenever it differs from the current version, and {@code PUT /v1/topology} is refused (409)
 * so that an operator's change is never silently undone by the next deploy. A document that does not validate
 * stops the start, naming the field.
 */
@Component
class TopologyBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TopologyBootstrap.class);

    private final Topology declared;
    private final TopologyStore store;

    TopologyBootstrap(@Value("${cdn.topology.bootstrap:}") String json, TopologyStore store) {
        this.store = store;
        if (json == null || json.isBlank()) {
            this.declared = null;
        } else {
            try {
                this.declared = ConfigCodec.readTopology(json.getBytes(StandardCharsets.UTF_8));
            } catch (InvalidConfigException e) {
                throw new IllegalStateException("CDN_TOPOLOGY_BOOTSTRAP is not a valid topology: " + e.getMessage(), e);
            }
        }
    }

    /** True when the deployment declares the topology (and the API may not change it). */
    boolean owned() {
        return declared != null;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (declared == null) {
            return;
        }
        // At start, before traffic: a bounded wait here is what the start is for.
        StoredTopology current = store.bootstrap(declared.regions()).block(Duration.ofSeconds(30));
        log.info("shield topology from the deployment: version {} ({})", current.version(), current.source().label());
    }
}
