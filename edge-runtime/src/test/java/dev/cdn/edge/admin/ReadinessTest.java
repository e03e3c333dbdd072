package dev.cdn.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.store.DiskTrust;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config and control-plane checks of {@link Readiness}, as a table over where a managed node stands. */
class ReadinessTest {

    @ParameterizedTest(name = "{0}, persisted={1} -> {2}")
    @CsvSource({
            "WAITING,    false, no-config not-caught-up",
            "WAITING,    true,  not-caught-up",
            "UNVERIFIED, false, no-config not-caught-up",
            "UNVERIFIED, true,  ''",
            "TRUSTED,    false, ''",
            "TRUSTED,    true,  ''",
    })
    void managedNode_failsExactlyTheChecksItsStandingBreaks(DiskTrust standing, boolean persisted, String reasons) {
        List<String> failing = Readiness.managed(() -> standing, persisted, null).evaluate()
                .block(Duration.ofSeconds(5)).stream().map(n -> n.reason().wireName()).toList();
        assertThat(String.join(" ", failing)).isEqualTo(reasons);
    }

    @Test
    void standaloneNodeWithoutADisk_isReady() {
        assertThat(Readiness.standalone(null).evaluate().block(Duration.ofSeconds(5))).isEmpty();
    }
}
