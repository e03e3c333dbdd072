package dev.cdn.edge.fleet;

import dev.cdn.edge.statefile.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's fleet credential and the fleet's published keys in its {@code --state-dir} ({@code fleet.json}), so that
 * a node restarted while the control plane is away still presents a credential to its shields (until it expires) and,
 * as a shield, still checks the credentials edges present. The credential is a bearer secret: the file is readable by
 * its owner only, written as every state file is ({@link StateFiles}). Blocking I/O: callers must not be on an event
 * loop.
 */
final class FleetStateFile {

    static final String FILE = "fleet.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What is persisted: the credential as issued (null when none yet) and the keys as published (id → base64). */
    record State(String credential, Instant expiresAt, Map<String, String> keys) {
    }

    private final Path dir;

    FleetStateFile(Path dir) {
        this.dir = dir;
    }

    synchronized void save(State state) throws IOException {
        StateFiles.write(dir, FILE, JSON.writeValueAsBytes(Map.of(
                "credential", state.credential() == null ? "" : state.credential(),
                "expiresAt", state.expiresAt() == null ? "" : state.expiresAt().toString(),
                "keys", state.keys().entrySet().stream()
                        .map(e -> Map.of("id", e.getKey(), "publicKey", e.getValue())).toList())));
    }

    /** The persisted state, or empty when nothing was persisted; throws when the file exists but cannot be read. */
    Optional<State> load() throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<?, ?> doc = JSON.readValue(Files.readAllBytes(file), Map.class);
        String credential = (String) doc.get("credential");
        String expires = (String) doc.get("expiresAt");
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (Object k : (List<?>) doc.get("keys")) {
            Map<?, ?> key = (Map<?, ?>) k;
            keys.put((String) key.get("id"), (String) key.get("publicKey"));
        }
        return Optional.of(new State(credential == null || credential.isEmpty() ? null : credential,
                expires == null || expires.isEmpty() ? null : Instant.parse(expires), Map.copyOf(keys)));
    }
}
