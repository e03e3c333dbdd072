package dev.cdn.geodns.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocationFileTest {

    static final LocationTable TABLE = LocationFile.parse("""
            # comment
            10.2.0.0/16  48.86 2.35 FR
            10.2.5.0/24, 53.35, -6.26, IE
            fd00:5::/32  35.68 139.69 JP
            """, "t");

    @Test
    void lookup_takesTheMostSpecificBlock() {
        assertThat(TABLE.lookup(Cidr.numericAddress("10.2.5.9")).orElseThrow().location().country()).isEqualTo("IE");
        assertThat(TABLE.lookup(Cidr.numericAddress("10.2.6.9")).orElseThrow().location().country()).isEqualTo("FR");
        assertThat(TABLE.lookup(Cidr.numericAddress("fd00:5:1::1")).orElseThrow().block().prefixLength()).isEqualTo(32);
        assertThat(TABLE.lookup(Cidr.numericAddress("10.3.0.1"))).isEmpty();
    }

    @Test
    void badLine_failsTheWholeFile_namingTheLine() {
        assertThatThrownBy(() -> LocationFile.parse("10.0.0.0/8 1 2\n10.1.0.0/33 1 2\n", "f"))
                .hasMessageContaining("f line 2").hasMessageContaining("prefix length");
        assertThatThrownBy(() -> LocationFile.parse("10.0.0.1/8 1 2\n", "f")).hasMessageContaining("host bits");
        assertThatThrownBy(() -> LocationFile.parse("10.0.0.0/8 91 2\n", "f")).hasMessageContaining("latitude");
        assertThatThrownBy(() -> LocationFile.parse("example.com/8 1 2\n", "f")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> LocationFile.parse("10.0.0.0/8 1 2\n10.0.0.0/8 3 4\n", "f")).hasMessageContaining("twice");
    }
}
