package dev.cdn.edge.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * Which TLS implementation the client-facing TLS listener encrypts with, as asked for by {@code --tls-provider}:
 * OpenSSL (BoringSSL, linked into the process by netty-tcnative) does the record layer and handshakes natively, at
 * less CPU per request than the JDK's {@code SSLEngine} (docs/benchmarks.md, "Run I"); the JDK's needs no native
 * library. {@link #AUTO} takes OpenSSL when its native library loads on this machine and the JDK's otherwise.
 */
public enum TlsProvider {
    AUTO, OPENSSL, JDK;

    /** Parses a flag value: {@code auto}, {@code openssl} or {@code jdk}. */
    public static TlsProvider parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-provider must be auto, openssl or jdk, got '" + value + "'");
        }
    }

    /**
     * The implementation handshakes use on this machine. ALPN (RFC 7301) is required as well, since the listener
     * offers h2 by it.
     *
     * @throws IllegalStateException when {@link #OPENSSL} was asked for and its native library cannot be used
     */
    public TlsEngine resolve() {
        boolean native_ = OpenSsl.isAvailable() && SslProvider.isAlpnSupported(SslProvider.OPENSSL);
        return switch (this) {
            case JDK -> new TlsEngine(SslProvider.JDK, "asked for");
            case OPENSSL -> {
                if (!native_) {
                    throw new IllegalStateException("--tls-provider openssl, but OpenSSL cannot be used here: "
                            + unavailableReason());
                }
                yield new TlsEngine(SslProvider.OPENSSL, "asked for, " + OpenSsl.versionString());
            }
            case AUTO -> native_
                    ? new TlsEngine(SslProvider.OPENSSL, OpenSsl.versionString())
                    : new TlsEngine(SslProvider.JDK, "OpenSSL unavailable: " + unavailableReason());
        };
    }

    private static String unavailableReason() {
        Throwable cause = OpenSsl.unavailabilityCause();
        return cause != null ? cause.toString() : "no ALPN support in the loaded library";
    }

    /** The implementation chosen, and why (for the start-up log). */
    public record TlsEngine(SslProvider provider, String why) {

        /** The name operators see in the log and in {@code edge_tls_provider{provider=...}}. */
        public String label() {
            return provider == SslProvider.JDK ? "jdk" : "openssl";
        }
    }
}
