package dev.cdn.api.ssrf;

import dev.cdn.config.IpLiterals;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Host names that only the platform's {@link HostLookup} can resolve: every name under {@value #ZONE} is
 * 127.0.0.1 there (allow-listed in tests), while no DNS answers {@code .test} names. A request to such a name that
 * reaches its server therefore went to the address the SSRF check saw: a second lookup of the name (the one DNS
 * rebinding answers differently) would have failed. Other names go to the system resolver.
 */
@TestConfiguration
public class PlatformOnlyNames {

    public static final String ZONE = "platform-only.test";
    /** The address every such name has: 127.0.0.1, which the tests' SSRF allow-list admits. */
    static final InetAddress LOOPBACK = IpLiterals.parse("127.0.0.1").orElseThrow();

    /** {@code label} under {@link #ZONE}. */
    public static String name(String label) {
        return label + "." + ZONE;
    }

    @Bean
    @Primary
    HostLookup platformOnlyNames() {
        HostLookup system = new SystemHostLookup();
        return name -> name.toLowerCase(Locale.ROOT).endsWith("." + ZONE)
                ? List.of(LOOPBACK) : system.addresses(name);
    }
}
