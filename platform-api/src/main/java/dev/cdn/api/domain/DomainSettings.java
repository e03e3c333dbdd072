package dev.cdn.api.domain;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's settings for domain ownership, each validated at start-up with a message naming it:
 * {@code cdn.domains.dns-resolvers} ({@code CDN_DOMAINS_DNS_RESOLVERS}, comma-separated {@code host[:port]};
 * empty: the system's resolvers), {@code cdn.domains.http-challenge-port} (80), {@code cdn.domains.recheck-interval}
 * (1h), {@code cdn.domains.lapse-after} (failed re-checks in a row before a verified claim lapses, 3),
 * {@code cdn.dev.auto-verify-domains} ({@code CDN_DEV_AUTO_VERIFY_DOMAINS}: verify {@code *.localhost} names at
 * once).
 */
@Component
public class DomainSettings {

    private final List<InetSocketAddress> resolvers;
    private final int httpChallengePort;
    private final Duration recheckInterval;
    private final int lapseAfter;
    private final boolean autoVerifyLocalhost;

    DomainSettings(@Value("${cdn.domains.dns-resolvers:}") String resolvers,
                   @Value("${cdn.domains.http-challenge-port:80}") int httpChallengePort,
                   @Value("${cdn.domains.recheck-interval:1h}") Duration recheckInterval,
                   @Value("${cdn.domains.lapse-after:3}") int lapseAfter,
                   @Value("${cdn.dev.auto-verify-domains:false}") boolean autoVerifyLocalhost) {
        this.resolvers = parseResolvers(resolvers);
        if (httpChallengePort < 1 || httpChallengePort > 65535) {
            throw new IllegalArgumentException("cdn.domains.http-challenge-port must be 1-65535, not " + httpChallengePort);
        }
        if (recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException("cdn.domains.recheck-interval must be positive, not " + recheckInterval);
        }
        if (lapseAfter < 1) {
            throw new IllegalArgumentException("cdn.domains.lapse-after must be at least 1, not " + lapseAfter);
        }
        this.httpChallengePort = httpChallengePort;
        this.recheckInterval = recheckInterval;
        this.lapseAfter = lapseAfter;
        this.autoVerifyLocalhost = autoVerifyLocalhost;
    }

    private static List<InetSocketAddress> parseResolvers(String setting) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.lastIndexOf(':');
            boolean hasPort = colon > 0 && item.indexOf(':') == colon;
            try {
                String host = hasPort ? item.substring(0, colon) : item;
                int port = hasPort ? Integer.parseInt(item.substring(colon + 1)) : 53;
                out.add(new InetSocketAddress(host, port));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cdn.domains.dns-resolvers: '" + item + "' is not host[:port]", e);
            }
        }
        return List.copyOf(out);
    }

    /** True for a name this platform verifies at once in local development ({@code localhost} and below). */
    public boolean autoVerifies(String domain) {
        String base = domain.startsWith("*.") ? domain.substring(2) : domain;
        return autoVerifyLocalhost && (base.equals("localhost") || base.endsWith(".localhost"));
    }

    List<InetSocketAddress> resolvers() {
        return resolvers;
    }

    int httpChallengePort() {
        return httpChallengePort;
    }

    Duration recheckInterval() {
        return recheckInterval;
    }

    int lapseAfter() {
        return lapseAfter;
    }
}
