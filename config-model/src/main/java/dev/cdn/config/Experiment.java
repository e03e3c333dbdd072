package dev.cdn.config;

import java.util.List;

/**
 * An A/B test: requests that meet {@code match} are assigned one of the variants, in proportion to the weights,
 * and stay with it. The assignment is a bucket 0..9999 (from the edge's cookie, or from a hash of a request
 * attribute) laid over the variants' cumulative weights, so ramping the weights moves only the buckets whose
 * range changed owner.
 *
 * @param name          identifier; names the experiment in metrics, Cache-Status and the cookie
 * @param match         which requests take part; null or empty means every request
 * @param sticky        how a client keeps its variant
 * @param cookie        the cookie name for {@link Stickiness#COOKIE}; null means {@code exp_<name>}
 * @param attribute     the request attribute hashed for {@link Stickiness#ATTRIBUTE}
 * @param variants      the variants in order; their weights (percent) add up to 100
 * @param pinnedVariant set when the experiment is stopped: every request gets this variant and no cookie is set
 */
public record Experiment(
        String name,
        LogicMatch match,
        Stickiness sticky,
        String cookie,
        RequestAttribute attribute,
        List<Variant> variants,
        String pinnedVariant) {

    public Experiment {
        match = match == null ? LogicMatch.ANY : match;
        sticky = sticky == null ? Stickiness.COOKIE : sticky;
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** The cookie that carries a client's bucket. */
    public String cookieName() {
        return cookie != null ? cookie : "exp_" + name;
    }
}
