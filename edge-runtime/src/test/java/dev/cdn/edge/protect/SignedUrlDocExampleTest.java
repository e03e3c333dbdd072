package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Protection;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.SignedUrls;
import dev.cdn.config.SigningKey;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.ScriptedOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/edge-logic.md ("Signed URLs and tokens"), read from the page itself: each token is
 * recomputed with the JDK's HMAC alone (as a customer's signer would) and sent to an edge, so the page can never
 * drift from what the edge accepts.
 */
class SignedUrlDocExampleTest {

    static final Path DOC = Path.of("..", "docs", "edge-logic.md");

    @TempDir
    Path dir;

    @Test
    void workedExample_tokensOnThePage_areWhatAnHmacGivesAndWhatTheEdgeAccepts() throws Exception {
        String page = Files.readString(DOC);
        String secret = find(page, "Key `k1` with secret `([A-Za-z0-9_-]+)`");
        byte[] key = Base64.getUrlDecoder().decode(secret);
        Matcher examples = Pattern.compile("message = (\\S+)\\ntoken   = (\\S+)").matcher(page);
        String exact = null;
        String prefixed = null;
        while (examples.find()) {
            String message = examples.group(1);
            String token = examples.group(2);
            String signed = token.substring(0, token.indexOf("~hmac="));
            assertThat(token).isEqualTo(signed + "~hmac=" + hmac(key, message));
            if (message.contains("~url=")) {
                exact = token;
            } else {
                prefixed = token;
            }
        }
        assertThat(exact).isNotNull();
        assertThat(prefixed).isNotNull();
        assertThat(page).contains("its fingerprint is `" + new SigningKey("k1", secret).fingerprint() + "`");
        assertThat(page).contains("?token=" + exact);

        try (ScriptedOrigin origin = new ScriptedOrigin()) {
            ServiceConfig service = Configs.protect(Configs.service("doc", 1, "www.localhost", origin.port()),
                    new Protection(new SignedUrls(null, null, null, List.of(new SigningKey("k1", secret)))));
            Path file = dir.resolve("edge.json");
            Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
            EdgeNode edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                    .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("secret")
                    .configFile(file).clock(new MutableClock(Instant.parse("2025-12-31T23:59:59Z"))).build());
            try {
                assertThat(Http.get(edge.port(), "www.localhost", "/videos/intro.mp4?token=" + exact).status())
                        .isEqualTo(200);
                // Signed for 203.0.113.7: the signature holds, the address does not.
                assertThat(Http.get(edge.port(), "www.localhost", "/videos/intro.mp4?token=" + prefixed)
                        .header("Cache-Status")).isEqualTo("edge-1; detail=signed-url.wrong-address");
            } finally {
                edge.close();
            }
        }
    }

    static String hmac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
