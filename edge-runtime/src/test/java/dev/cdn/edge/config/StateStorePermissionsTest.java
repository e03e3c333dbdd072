package dev.cdn.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.OriginAuth;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSecrets;
import dev.cdn.config.ServiceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fail-static state holds the services' secrets (origin-authentication values, debug-token hashes): only the
 * node's own user may read it, whatever the umask, and a state directory an older version left open is closed.
 */
class StateStorePermissionsTest {

    @TempDir
    Path tmp;

    @Test
    void save_writesStateReadableByTheNodeOnly_andClosesAnOpenDirectory() throws Exception {
        Path dir = tmp.resolve("state");
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(dir.resolve(StateStore.SERVICES), "{}");
        Files.setPosixFilePermissions(dir.resolve(StateStore.SERVICES), PosixFilePermissions.fromString("rw-r--r--"));
        ServiceSettings settings = ServiceSettings.DEFAULTS.withSecrets(
                new ServiceSecrets(new OriginAuth("X-Origin-Auth", "0123456789abcdef-secret"), null));
        ServiceConfig service = new ServiceConfig("svc", "t", "svc", 1, List.of("a.localhost"),
                List.of(Origin.of("o", "127.0.0.1", 9)), List.<CacheRule>of(), settings);

        new StateStore(dir).save(List.of(service), 7);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(StateStore.SERVICES))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(StateStore.SEQ))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(new StateStore(dir).load().orElseThrow().services().get(0).settings().secrets().originAuth().value())
                .isEqualTo("0123456789abcdef-secret");
    }
}
