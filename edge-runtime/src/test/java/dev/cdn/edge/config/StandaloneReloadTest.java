package dev.cdn.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneReloadTest {

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    @Test
    void goodFileReloads_badFileKeepsLastGood() throws Exception {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, "demo.localhost", origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminToken("t").configFile(file).configPollInterval(Duration.ofHours(1)).build());
        assertThat(Http.get(edge.port(), "demo.localhost", "/").status()).isEqualTo(200);
        assertThat(Http.get(edge.port(), "new.localhost", "/").status()).isEqualTo(404);

        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(
                Configs.service("demo", 2, "demo.localhost", origin.port()),
                Configs.service("other", 1, "new.localhost", origin.port())))));
        edge.pollConfigFile();
        assertThat(edge.configVersion("other")).isPresent();
        assertThat(edge.configVersion("demo")).hasValue(2);
        assertThat(Http.get(edge.port(), "new.localhost", "/").status()).isEqualTo(200);

        Files.writeString(file, "{\"services\":[{\"id\":\"demo\",\"version\":3,\"domains\":[\"bad domain\"]}]} ");
        // The bad file is polled like any other (twice: the second poll must not retry a file it already refused).
        edge.pollConfigFile();
        edge.pollConfigFile();
        assertThat(edge.configVersion("demo")).hasValue(2);
        assertThat(Http.get(edge.port(), "new.localhost", "/").status()).isEqualTo(200);
    }

    @Test
    void invalidFileAtStart_failsWithTheReason() throws Exception {
        Path file = dir.resolve("edge.json");
        Files.writeString(file, "{\"services\":[{\"id\":\"\"}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EdgeNode.start(EdgeSettings.builder()
                        .allowedPrivateOrigins("127.0.0.1")
                        .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("t").configFile(file).build()))
                .hasMessageContaining("cannot load config file").hasMessageContaining("id");
    }
}
