package dev.cdn.api.domain;

import dev.cdn.config.DomainScope;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides whether a tenant controls a name: the TXT record {@code _cdn-challenge.<name>} (for a wildcard, of its
 * apex) holds the claim's token, or, for an exact name, the token is served over HTTP on the name's address. A
 * wildcard can only be proved by DNS: serving one host proves nothing about its siblings (as in ACME, RFC 8555
 * section 7.1.3).
 */
@Component
class OwnershipCheck {

    static final String TXT_LABEL = "_cdn-challenge.";

    private final DnsClient dns;
    private final HttpTokenProbe http;
    private final DomainSettings settings;

    OwnershipCheck(DnsClient dns, HttpTokenProbe http, DomainSettings settings) {
        this.dns = dns;
        this.http = http;
        this.settings = settings;
    }

    /** Where the TXT record proving {@code domain} lives. */
    static String txtName(String domain) {
        return TXT_LABEL + DomainScope.base(domain);
    }

    Mono<CheckOutcome> check(String domain, String token) {
        if (settings.autoVerifies(domain)) {
            return Mono.just(CheckOutcome.AUTO_VERIFIED);
        }
        Mono<CheckOutcome> byDns = dns.txt(txtName(domain))
                .map(values -> values.stream().anyMatch(v -> v.trim().equals(token))
                        ? CheckOutcome.DNS_RECORD_FOUND : CheckOutcome.NO_PROOF_FOUND)
                .onErrorReturn(CheckOutcome.NO_PROOF_FOUND);
        if (DomainScope.isWildcard(domain)) {
            return byDns;
        }
        return byDns.flatMap(outcome -> outcome.proves() ? Mono.just(outcome) : http.probe(domain, token));
    }
}
