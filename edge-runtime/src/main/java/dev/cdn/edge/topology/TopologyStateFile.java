package dev.cdn.edge.topology;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.topology.Topology;
import dev.cdn.edge.statefile.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last pushed topology in the node's {@code --state-dir} ({@code topology.json}), so that a node restarted while
 * the control plane is away routes misses as it did before (fail static). Written as every state file is
 * ({@link StateFiles}: owner-only, renamed into place). Blocking I/O: callers must not be on an event loop.
 */
public final class TopologyStateFile {

    static final String FILE = "topology.json";

    private final Path dir;

    public TopologyStateFile(Path dir) {
        this.dir = dir;
    }

    public synchronized void save(Topology topology) throws IOException {
        StateFiles.write(dir, FILE, ConfigCodec.writeBytes(topology));
    }

    /** The persisted topology, or empty when none was pushed; throws when the file exists but does not validate. */
    public Optional<Topology> load() throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(ConfigCodec.readTopology(Files.readAllBytes(file)));
    }
}
