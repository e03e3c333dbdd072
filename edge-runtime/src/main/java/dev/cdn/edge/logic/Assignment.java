package dev.cdn.edge.logic;

import dev.cdn.config.Variant;

/**
 * The variant one request got in one experiment.
 *
 * @param experiment the experiment's name
 * @param variant    the variant chosen
 * @param bucket     the request's bucket (0..9999); -1 when the experiment is stopped and pinned
 * @param setCookie  the Set-Cookie value the response carries for a client new to the experiment, else null
 */
public record Assignment(String experiment, Variant variant, int bucket, String setCookie) {

    public String variantName() {
        return variant.name();
    }
}
