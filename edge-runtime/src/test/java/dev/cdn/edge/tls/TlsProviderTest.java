package dev.cdn.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

class TlsProviderTest {

    @Test
    void parse_acceptsTheThreeChoicesInAnyCase_andNamesThemWhenWrong() {
        assertThat(TlsProvider.parse("auto")).isEqualTo(TlsProvider.AUTO);
        assertThat(TlsProvider.parse("OpenSSL")).isEqualTo(TlsProvider.OPENSSL);
        assertThat(TlsProvider.parse(" jdk ")).isEqualTo(TlsProvider.JDK);
        assertThatThrownBy(() -> TlsProvider.parse("boring"))
                .hasMessage("--tls-provider must be auto, openssl or jdk, got 'boring'");
    }

    @Test
    void resolve_jdkIsAlwaysTheJdk_andAutoTakesTheShippedOpenSsl() {
        assertThat(TlsProvider.JDK.resolve().provider()).isEqualTo(SslProvider.JDK);
        assertThat(TlsProvider.JDK.resolve().label()).isEqualTo("jdk");
        // The build ships BoringSSL for linux-x86_64, where the tests run.
        assertThat(TlsProvider.AUTO.resolve().provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsProvider.OPENSSL.resolve().label()).isEqualTo("openssl");
    }
}
