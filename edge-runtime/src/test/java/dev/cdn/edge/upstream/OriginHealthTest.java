package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.Origin;
import dev.cdn.edge.support.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OriginHealthTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final HealthSettings settings = HealthSettings.builder().failuresToEject(3).ejectFor(Duration.ofSeconds(10))
            .healthyAfter(2).unhealthyAfter(3).build();
    final OriginHealth health = new OriginHealth("svc", Origin.of("web", "127.0.0.1", 8080), settings, clock);
    final ConnectException refused = new ConnectException("Connection refused: /127.0.0.1:8080");

    @Test
    void newOrigin_isUnknownAndUsable() {
        assertThat(health.status()).isEqualTo(OriginStatus.UNKNOWN);
        assertThat(health.usable()).isTrue();
        assertThat(health.view().checkedAt()).isNull();
    }

    @Test
    void traffic_consecutiveFailures_ejectForTheBackOff_thenProbation() {
        health.responded(200);
        assertThat(health.status()).isEqualTo(OriginStatus.HEALTHY);
        health.failed(refused);
        health.responded(502);
        assertThat(health.usable()).isTrue();
        assertThat(health.status()).isEqualTo(OriginStatus.HEALTHY);
        health.failed(refused);
        assertThat(health.usable()).isFalse();
        assertThat(health.status()).isEqualTo(OriginStatus.UNHEALTHY);
        assertThat(health.view().lastError()).isEqualTo("connection refused");

        clock.advance(Duration.ofSeconds(10));
        // Probation: tried again, and one more failure ejects it at once.
        assertThat(health.usable()).isTrue();
        assertThat(health.status()).isEqualTo(OriginStatus.UNKNOWN);
        health.failed(refused);
        assertThat(health.usable()).isFalse();

        clock.advance(Duration.ofSeconds(10));
        health.responded(304);
        assertThat(health.usable()).isTrue();
        assertThat(health.status()).isEqualTo(OriginStatus.HEALTHY);
    }

    @Test
    void traffic_successBetweenFailures_resetsTheCount() {
        health.failed(refused);
        health.failed(refused);
        health.responded(200);
        health.failed(refused);
        health.failed(refused);
        assertThat(health.usable()).isTrue();
    }

    @Test
    void checks_fallAfterThreeFailures_riseAfterTwoPasses() {
        health.checked(null);
        assertThat(health.status()).isEqualTo(OriginStatus.HEALTHY);
        health.checked("health check answered 503");
        health.checked("health check answered 503");
        assertThat(health.status()).isEqualTo(OriginStatus.HEALTHY);
        health.checked("health check answered 503");
        assertThat(health.status()).isEqualTo(OriginStatus.UNHEALTHY);
        assertThat(health.usable()).isFalse();
        health.checked(null);
        assertThat(health.status()).isEqualTo(OriginStatus.UNHEALTHY);
        health.checked(null);
        assertThat(health.status()).isEqualTo(OriginStatus.HEALTHY);
        assertThat(health.usable()).isTrue();
        assertThat(health.view().lastError()).isEqualTo("health check answered 503");
    }

    @Test
    void view_changes_growOnlyWithStatusOrError() {
        long start = health.view().changes();
        health.responded(200);
        long healthy = health.view().changes();
        assertThat(healthy).isEqualTo(start + 1);
        health.responded(200);
        health.checked(null);
        assertThat(health.view().changes()).isEqualTo(healthy);
        health.failed(refused);
        assertThat(health.view().changes()).isEqualTo(healthy + 1);
        health.failed(refused);
        assertThat(health.view().changes()).isEqualTo(healthy + 1);
    }
}
