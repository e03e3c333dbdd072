package dev.cdn.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks one {@link Experiment}: its variants, their weights, stickiness and what each variant changes. */
final class ExperimentChecks {

    static final int MAX_VARIANTS = 20;

    private ExperimentChecks() {
    }

    static void validate(Experiment e, String at, Set<String> pools, List<Violation> out) {
        if (!Names.isIdentifier(e.name())) {
            out.add(new Violation(at + ".name", Names.IDENTIFIER_RULE));
        }
        LogicMatchChecks.validate(e.match(), at + ".match", out);
        if (e.sticky() == Stickiness.COOKIE && !FieldChecks.isToken(e.cookieName())) {
            out.add(new Violation(at + ".cookie", "'" + FieldChecks.printable(e.cookieName()) + "' is not a cookie name"));
        }
        if (e.sticky() == Stickiness.ATTRIBUTE) {
            RequestAttribute a = e.attribute();
            if (a == null || a.source() == null) {
                out.add(new Violation(at + ".attribute", "is required when sticky is attribute"));
            } else if (a.source() != AttributeSource.CLIENT_ADDRESS && !FieldChecks.isVisibleAscii(a.name(), 256)) {
                out.add(new Violation(at + ".attribute.name", "is required for a " + a.source().name()
                        .toLowerCase(java.util.Locale.ROOT) + " attribute"));
            } else if (a.source() == AttributeSource.HEADER && !FieldChecks.isToken(a.name())) {
                out.add(new Violation(at + ".attribute.name", "'" + a.name() + "' is not a header name"));
            }
        }
        List<Variant> variants = e.variants();
        if (variants.size() < 2 || variants.size() > MAX_VARIANTS) {
            out.add(new Violation(at + ".variants", "an experiment needs 2-" + MAX_VARIANTS + " variants"));
        }
        Set<String> names = new HashSet<>();
        int sum = 0;
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            String f = at + ".variants[" + i + "]";
            if (v == null) {
                out.add(new Violation(f, "must not be null"));
                continue;
            }
            if (!Names.isIdentifier(v.name())) {
                out.add(new Violation(f + ".name", Names.IDENTIFIER_RULE));
            } else if (!names.add(v.name())) {
                out.add(new Violation(f + ".name", "duplicate variant name '" + v.name() + "'"));
            }
            if (v.weight() < 0 || v.weight() > 100) {
                out.add(new Violation(f + ".weight", "must be a percentage between 0 and 100"));
            }
            sum += v.weight();
            if (v.originPool() != null && !pools.contains(v.originPool())) {
                out.add(new Violation(f + ".originPool", "no origin is in pool '" + v.originPool() + "'"));
            }
            if (v.pathPrefix() != null && (!v.pathPrefix().startsWith("/") || v.pathPrefix().endsWith("/")
                    || !FieldChecks.isVisibleAscii(v.pathPrefix(), 256) || v.pathPrefix().contains("?"))) {
                out.add(new Violation(f + ".pathPrefix", "must start with '/', not end with '/', and hold at most 256"
                        + " visible ASCII characters without '?' (e.g. /v2)"));
            }
            FieldChecks.headerActions(v.requestHeaders(), f + ".requestHeaders", FieldChecks.MANAGED_REQUEST, out);
        }
        if (!variants.isEmpty() && sum != 100) {
            out.add(new Violation(at + ".variants", "the weights add up to " + sum + "; they must add up to 100"));
        }
        if (e.pinnedVariant() != null && !names.contains(e.pinnedVariant())) {
            out.add(new Violation(at + ".pinnedVariant", "names no variant of this experiment"));
        }
    }
}
