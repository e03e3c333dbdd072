package dev.cdn.edge.tls;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The TLS listener's meters: {@code edge_tls_provider{provider="openssl"|"jdk"} 1}, so an operator sees which
 * implementation encrypts (an {@code auto} node without the native library falls back to the JDK's, at more CPU per
 * request).
 */
public final class TlsMeters {

    private TlsMeters() {
    }

    public static void register(MeterRegistry registry, TlsProvider.TlsEngine engine) {
        Gauge.builder("edge.tls.provider", () -> 1).tag("provider", engine.label())
                .description("The TLS implementation of the client-facing TLS listener (value 1; see the tag)")
                .register(registry);
    }
}
