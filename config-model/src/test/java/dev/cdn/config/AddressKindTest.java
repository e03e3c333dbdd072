package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every spelling of a non-public address is read as the address it is and refused; public ones pass. */
class AddressKindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "127.0.0.1,            LOOPBACK",
        "127.0.0.1.,           LOOPBACK",
        "127.0.0.1..,          LOOPBACK",
        "0x7f000001,           LOOPBACK",
        "0X7F000001,           LOOPBACK",
        "0177.0.0.1,           LOOPBACK",
        "0177.0000.0000.0001,  LOOPBACK",
        "2130706433,           LOOPBACK",
        "127.1,                LOOPBACK",
        "127.0.1,              LOOPBACK",
        "0x7f.1,               LOOPBACK",
        "[::1],                LOOPBACK",
        "::1,                  LOOPBACK",
        "0:0:0:0:0:0:0:1,      LOOPBACK",
        "::ffff:127.0.0.1,     LOOPBACK",
        "::ffff:7f00:1,        LOOPBACK",
        "::127.0.0.1,          IPV4_EMBEDDED",
        "::a9fe:a9fe,          IPV4_EMBEDDED",
        "0.0.0.0,              UNSPECIFIED",
        "0,                    UNSPECIFIED",
        "::,                   UNSPECIFIED",
        "10.0.0.1,             PRIVATE",
        "012.0.0.1,            PRIVATE",
        "172.16.0.1,           PRIVATE",
        "172.31.255.255,       PRIVATE",
        "192.168.1.1,          PRIVATE",
        "fd12:3456::1,         PRIVATE",
        "fc00::1,              PRIVATE",
        "100.64.0.1,           SHARED",
        "169.254.169.254,      METADATA",
        "0xa9fea9fe,           METADATA",
        "2852039166,           METADATA",
        "fd00:ec2::254,        METADATA",
        "169.254.1.1,          LINK_LOCAL",
        "fe80::1,              LINK_LOCAL",
        "fe80::1%1,            LINK_LOCAL",
        "224.0.0.1,            MULTICAST",
        "ff02::1,              MULTICAST",
        "255.255.255.255,      RESERVED",
        "240.0.0.1,            RESERVED",
        "64:ff9b::7f00:1,      NAT64",
        "64:ff9b::0808:0808,   NAT64",
        "64:ff9b:1::1,         NAT64",
        "2002:7f00:1::,        SIX_TO_FOUR",
        "2001:0:4136:e378::1,  TEREDO",
        "192.0.2.1,            DOCUMENTATION",
        "2001:db8::1,          DOCUMENTATION",
        "93.184.216.34,        PUBLIC",
        "8.8.8.8,              PUBLIC",
        "172.32.0.1,           PUBLIC",
        "2606:4700::1111,      PUBLIC",
    })
    void everySpelling_isReadAsTheAddressItIs(String host, AddressKind expected) {
        InetAddress address = IpLiterals.parse(host).orElseThrow();

        assertThat(AddressKind.of(address)).isEqualTo(expected);
        assertThat(AddressKind.of(address).isPublic()).isEqualTo(expected == AddressKind.PUBLIC);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"origin.example.com", "127.0.0.1.nip.io", "1.2.3.4.5", "256.1.1.1.1", "a::g", "08.1.1.1"})
    void names_areNotLiterals(String host) {
        assertThat(IpLiterals.parse(host)).isEmpty();
    }
}
