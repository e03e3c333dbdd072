package dev.cdn.edge;

import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode.EdgeStartException;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.config.StateStore;
import dev.cdn.edge.control.EventApplier;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.store.DiskStorage;
import dev.cdn.edge.store.PurgeEpochs;
import dev.cdn.edge.topology.LiveShieldTier;
import dev.cdn.edge.topology.TopologySource;
import dev.cdn.edge.topology.TopologyStateFile;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restarting node finds of its last run: the disk tier, the last good service configs with the sequence they
 * were applied at, and the last pushed shield topology (fail static: docs/operations.md). A disk that cannot be used
 * stops the node from starting; unreadable state or topology only makes it start without them.
 */
final class NodeStateLoader {

    /** The node's logger: every start-up line of a node comes under one name. */
    private static final Logger log = LoggerFactory.getLogger(EdgeNode.class);

    private final EdgeSettings settings;

    NodeStateLoader(EdgeSettings settings) {
        this.settings = settings;
    }

    /** The configs loaded from {@code --state-dir}: the sequence to resume the event log after, and whether any. */
    record PersistedServices(long appliedSeq, boolean loaded) {
        static final PersistedServices NONE = new PersistedServices(0, false);
    }

    /** The disk tier with the index of what it held, or null without {@code --disk-dir}. */
    DiskStorage disk(PurgeEpochs epochs) {
        return settings.diskDir().map(dir -> {
            DiskStorage disk = new DiskStorage(dir, settings.diskBytes(), epochs, settings.diskWriteQueueBytes());
            try {
                disk.load();
                return disk;
            } catch (IOException e) {
                disk.close();
                throw new EdgeStartException("cannot use disk cache directory " + dir + ": " + e.getMessage(), e);
            }
        }).orElse(null);
    }

    /**
     * A managed node with a state directory serves its last good configs from the start (a standalone node's config
     * file is its only source); they go into {@code config}.
     */
    PersistedServices services(ConfigHolder config) {
        if (settings.stateDir().isEmpty() || settings.configFile().isPresent()) {
            return PersistedServices.NONE;
        }
        try {
            return new StateStore(settings.stateDir().get()).load().map(state -> {
                for (ServiceConfig s : state.services()) {
                    config.apply(s);
                }
                log.info("fail-static: loaded {} service config(s) and seq {} from {}", state.services().size(),
                        state.appliedSeq(), settings.stateDir().get());
                return new PersistedServices(state.appliedSeq(), true);
            }).orElse(PersistedServices.NONE);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read persisted state from {}, starting empty: {}", settings.stateDir().get(),
                    e.toString());
            return PersistedServices.NONE;
        }
    }

    /**
     * A managed node with a state directory starts on the last pushed topology it persisted (fail static), and
     * persists each one it is pushed from now on, before acknowledging it.
     */
    void topology(LiveShieldTier shieldTier, EventApplier applier) {
        if (settings.controlPlane().isEmpty()) {
            return;
        }
        TopologyStateFile file = settings.stateDir().map(TopologyStateFile::new).orElse(null);
        if (file != null) {
            try {
                file.load().ifPresent(t -> {
                    shieldTier.apply(t, TopologySource.STATE);
                    log.info("fail-static: loaded shield topology v{} from {}", t.version(), settings.stateDir().get());
                });
            } catch (IOException | RuntimeException e) {
                log.warn("cannot read the persisted shield topology, starting on the flags' one: {}", e.toString());
            }
        }
        applier.topologyApplier(topology -> {
            shieldTier.apply(topology, TopologySource.CONTROL_PLANE);
            if (file != null) {
                try {
                    file.save(topology); // on the control channel's thread, never an event loop
                } catch (IOException e) {
                    // Running it is what counts now; a restart without the control plane would use the older one.
                    log.warn("cannot persist shield topology v{}: {}", topology.version(), e.toString());
                }
            }
            return null;
        });
    }
}
