package dev.cdn.api.service;

import dev.cdn.api.error.FieldError;
import dev.cdn.api.ssrf.AddressPolicy;
import dev.cdn.config.IpLiterals;
import dev.cdn.config.Origin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Refuses origins that point where a tenant must not reach (SSRF), by the rule of {@link AddressPolicy}: an IP
 * literal in any spelling ({@link IpLiterals}) is checked as the address it is; a name is resolved (off the event
 * loop) and every address it has now is checked. A name that does not resolve yet is accepted: what counts is the
 * address the edge connects to, which the edge checks again on every connection (DNS rebinding cannot pass).
 */
@Component
class OriginAddressPolicy {

    private final AddressPolicy policy;

    OriginAddressPolicy(AddressPolicy policy) {
        this.policy = policy;
    }

    Mono<List<FieldError>> check(List<Origin> origins, String fieldPrefix) {
        if (origins.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < origins.size(); i++) {
                Origin o = origins.get(i);
                if (o == null || o.host() == null || o.host().isBlank()) {
                    continue;
                }
                int at = i;
                refusal(o).ifPresent(reason -> errors.add(new FieldError(fieldPrefix + "[" + at + "].host", reason)));
            }
            return errors;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Optional<String> refusal(Origin o) {
        Optional<InetAddress> literal = IpLiterals.parse(o.host());
        if (literal.isPresent()) {
            return policy.refusal(o.host(), literal.get(), o.port());
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(o.host());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress a : addresses) {
            Optional<String> reason = policy.refusal(o.host(), a, o.port());
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }
}
