package dev.cdn.api.alert;

/** A kind of rule with its defaults and the ranges a rule may set (null threshold: the kind has none). */
record AlertKindView(String kind, Double defaultThreshold, Double minThreshold, Double maxThreshold,
                     int defaultWindowSeconds, int minWindowSeconds, int maxWindowSeconds) {

    static AlertKindView of(AlertKind k) {
        return new AlertKindView(k.wireName(), k.defaultThreshold(), k.hasThreshold() ? k.minThreshold() : null,
                k.hasThreshold() ? k.maxThreshold() : null, k.defaultWindow(), k.minWindow(), k.maxWindow());
    }
}
