package dev.cdn.edge.logic;

import dev.cdn.config.Experiment;
import dev.cdn.config.RequestAttribute;
import dev.cdn.config.Stickiness;
import dev.cdn.config.Variant;
import java.net.InetAddress;
import java.util.List;

/** An experiment compiled once: its match, the variants' cumulative bucket ranges, the cookie or attribute. */
final class CompiledExperiment {

    /** A year: the assignment outlives browser sessions, as an experiment needs. */
    static final int COOKIE_MAX_AGE = 365 * 24 * 3600;

    private final Experiment experiment;
    private final CompiledMatch match;
    private final List<Variant> variants;
    /** Exclusive upper bucket of each variant's range, in variant order: weights 90/10 give 9000, 10000. */
    private final int[] upperBounds;
    private final Variant pinned;

    CompiledExperiment(Experiment e) {
        this.experiment = e;
        this.match = new CompiledMatch(e.match());
        this.variants = e.variants();
        this.upperBounds = new int[variants.size()];
        int sum = 0;
        for (int i = 0; i < variants.size(); i++) {
            sum += variants.get(i).weight() * (Buckets.COUNT / 100);
            upperBounds[i] = sum;
        }
        this.pinned = e.pinnedVariant() == null ? null
                : variants.stream().filter(v -> v.name().equals(e.pinnedVariant())).findFirst().orElseThrow();
    }

    String name() {
        return experiment.name();
    }

    List<Variant> variants() {
        return variants;
    }

    /** The variant of a request, or null when the request is not in the experiment. */
    Assignment assign(LogicRequest r) {
        if (!match.matches(r)) {
            return null;
        }
        if (pinned != null) {
            return new Assignment(experiment.name(), pinned, -1, null);
        }
        String setCookie = null;
        int bucket;
        if (experiment.sticky() == Stickiness.COOKIE) {
            bucket = Buckets.parse(r.cookie(experiment.cookieName()));
            if (bucket < 0 || bucket >= Buckets.COUNT) {
                bucket = Buckets.draw();
                setCookie = experiment.cookieName() + "=" + bucket + "; Path=/; Max-Age=" + COOKIE_MAX_AGE
                        + "; SameSite=Lax";
            }
        } else {
            bucket = Buckets.hash(experiment.name(), attribute(r, experiment.attribute()));
        }
        return new Assignment(experiment.name(), variants.get(Buckets.owner(bucket, upperBounds)), bucket, setCookie);
    }

    /** The attribute's value; a request without it is hashed on its client address instead. */
    private static String attribute(LogicRequest r, RequestAttribute a) {
        String value = switch (a.source()) {
            case HEADER -> r.header(a.name());
            case COOKIE -> r.cookie(a.name());
            case QUERY -> r.queryParameter(a.name());
            case CLIENT_ADDRESS -> null;
        };
        if (value != null) {
            return value;
        }
        InetAddress address = r.clientAddress();
        return address == null ? "" : address.getHostAddress();
    }
}
