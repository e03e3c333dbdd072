package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PrivateOriginAllowListTest {

    private static InetAddress ip(String literal) {
        return IpLiterals.parse(literal).orElseThrow();
    }

    @Test
    void entries_allowTheirAddressInAnySpelling_onTheirPortsOnly() {
        PrivateOriginAllowList list = PrivateOriginAllowList.parse("127.0.0.1:8090, [::1]:9000-9010, origin.lan");

        assertThat(list.allows("2130706433", ip("2130706433"), 8090)).isTrue();
        assertThat(list.allows("127.0.0.1", ip("127.0.0.1"), 9000)).as("another port").isFalse();
        assertThat(list.allows("::1", ip("::1"), 9005)).isTrue();
        assertThat(list.allows("::1", ip("::1"), 9011)).isFalse();
        assertThat(list.allows("Origin.LAN.", ip("10.0.0.5"), 443)).as("a name entry, any port").isTrue();
        assertThat(list.allows("other.lan", ip("10.0.0.5"), 443)).isFalse();
        assertThat(PrivateOriginAllowList.NONE.allows("127.0.0.1", ip("127.0.0.1"), 80)).isFalse();
    }

    @Test
    void invalidEntries_areNamedInTheError() {
        assertThatThrownBy(() -> PrivateOriginAllowList.parse("127.0.0.1:99999")).hasMessageContaining("127.0.0.1:99999")
                .hasMessageContaining("not a port");
        assertThatThrownBy(() -> PrivateOriginAllowList.parse("::1:80")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> PrivateOriginAllowList.parse("host:90-80")).hasMessageContaining("ends before");
        assertThatThrownBy(() -> PrivateOriginAllowList.parse("bad_host")).hasMessageContaining("neither");
    }
}
