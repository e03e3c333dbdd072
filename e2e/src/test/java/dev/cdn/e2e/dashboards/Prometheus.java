package dev.cdn.e2e.dashboards;

import java.util.Set;
import java.util.TreeSet;

/** Names in a Prometheus text exposition (version 0.0.4). */
final class Prometheus {

    private Prometheus() {
    }

    /** The names of the samples: {@code edge_request_latency_seconds_bucket}, {@code edge_requests_total}, ... */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
            }
        }
        return names;
    }

    /** The names of the families, from their {@code # TYPE} lines: {@code edge_request_latency_seconds}, ... */
    static Set<String> familyNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            }
        }
        return names;
    }
}
