package dev.cdn.api.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.purge.WarmWebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WarmWebhookSignatureTest {

    private static final byte[] BODY = "{\"urls\":[\"http://a.localhost/\"]}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final String TS = "1800000000";

    @Test
    void sign_isHmacSha256OfTimestampDotBody_inHex() {
        // Checked with: printf '1800000000.{"urls":["http://a.localhost/"]}' | openssl dgst -sha256 -hmac secret
        assertThat(WarmWebhookSignature.sign("secret", TS, BODY))
                .isEqualTo("sha256=8ec6104d93a9fee472eec50472ad314cc312abec9a706fad5b146dda2d162710");
        assertThat(WarmWebhookSignature.sign("secret", TS, BODY)).isEqualTo(WarmWebhookSignature.sign("secret", TS, BODY));
        assertThat(WarmWebhookSignature.sign("secret", TS, BODY)).isNotEqualTo(WarmWebhookSignature.sign("other", TS, BODY));
    }

    @Test
    void verify_judgesEachWayOfGettingItWrong() {
        String good = WarmWebhookSignature.sign("secret", TS, BODY);
        assertThat(WarmWebhookSignature.verify("secret", TS, good, BODY, NOW)).isEqualTo(Verdict.VALID);
        assertThat(WarmWebhookSignature.verify("secret", null, good, BODY, NOW)).isEqualTo(Verdict.MISSING);
        assertThat(WarmWebhookSignature.verify("secret", "yesterday", good, BODY, NOW)).isEqualTo(Verdict.MALFORMED);
        assertThat(WarmWebhookSignature.verify("secret", TS, good.substring(7), BODY, NOW)).isEqualTo(Verdict.MALFORMED);
        assertThat(WarmWebhookSignature.verify("secret", TS, good, BODY, NOW.plusSeconds(301))).isEqualTo(Verdict.STALE);
        assertThat(WarmWebhookSignature.verify("other", TS, good, BODY, NOW)).isEqualTo(Verdict.MISMATCH);
        byte[] tampered = "{\"urls\":[\"http://a.localhost/x\"]}".getBytes(StandardCharsets.UTF_8);
        assertThat(WarmWebhookSignature.verify("secret", TS, good, tampered, NOW)).isEqualTo(Verdict.MISMATCH);
    }
}
