package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10.0.0.0/8, 10.0.0.0, 10.255.255.255", "192.0.2.7, 192.0.2.7, 192.0.2.7",
            "0.0.0.0/0, 0.0.0.0, 255.255.255.255", "2001:db8::/32, 2001:db8::, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
            "::1, ::1, ::1", "2001:db8::/127, 2001:db8::, 2001:db8::1"})
    void parse_givesTheFirstAndLastAddress(String text, String first, String last) throws Exception {
        Cidr c = Cidr.parse(text);
        assertThat(InetAddress.getByAddress(c.first())).isEqualTo(InetAddress.getByName(first));
        assertThat(InetAddress.getByAddress(c.last())).isEqualTo(InetAddress.getByName(last));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "example.com", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "127.1", "0x7f000001",
            "010.0.0.1", "2001:db8::/129", "::ffff:10.0.0.1/104", "10.0.0.0/8/8", "10.0.0.0/ 8", "2001:db8::%eth0"})
    void parse_refusesWhatIsNotAPlainBlock(String text) {
        assertThat(Cidr.problem(text)).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10.1.2.3/8, 10.0.0.0/8", "2001:db8::1/32, 2001:db8::/32"})
    void parse_bitsAfterThePrefix_namesTheBlockMeant(String text, String meant) {
        assertThat(Cidr.problem(text)).contains("the block is " + meant.replace("2001:db8::", "2001:db8:0:0:0:0:0:0"));
    }
}
