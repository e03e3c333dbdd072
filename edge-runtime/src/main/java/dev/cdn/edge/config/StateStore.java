package dev.cdn.edge.config;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.statefile.StateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Persists the last good service configs and the applied control-channel sequence, so that an edge restarted
 * while the control plane is away serves what it served before (fail static). Each file is written to a temp
 * file and atomically renamed, so a crash never leaves a torn file. Configs are written before the sequence: a
 * crash in between leaves an older sequence, and replaying from it is idempotent. Blocking I/O: callers must not
 * be on an event loop.
 *
 * <p>The configs hold the services' secrets (origin-authentication values, debug-token hashes), so the directory is
 * {@code 0700} and each file {@code 0600} whatever the umask, and a directory left open by an older version is
 * closed on the next save.
 */
public final class StateStore {

    static final String SERVICES = "services.json";
    static final String SEQ = "applied-seq";

    private final Path dir;

    public StateStore(Path dir) {
        this.dir = dir;
    }

    /** What was persisted. */
    public record State(List<ServiceConfig> services, long appliedSeq) {
    }

    public synchronized void save(List<ServiceConfig> services, long appliedSeq) throws IOException {
        Files.createDirectories(dir);
        StateFiles.restrict(dir, StateFiles.OWNER_ONLY_DIR);
        StateFiles.write(dir, SERVICES, ConfigCodec.writeBytes(new EdgeConfig(services)));
        StateFiles.write(dir, SEQ, Long.toString(appliedSeq).getBytes(StandardCharsets.UTF_8));
    }

    /** The persisted state, or empty when there is none; throws when it exists but cannot be read. */
    public Optional<State> load() throws IOException {
        Path services = dir.resolve(SERVICES);
        if (!Files.exists(services)) {
            return Optional.empty();
        }
        EdgeConfig config = ConfigCodec.readEdgeConfig(Files.readAllBytes(services));
        Path seq = dir.resolve(SEQ);
        long applied = Files.exists(seq) ? Long.parseLong(Files.readString(seq).trim()) : 0;
        return Optional.of(new State(config.services(), applied));
    }
}
