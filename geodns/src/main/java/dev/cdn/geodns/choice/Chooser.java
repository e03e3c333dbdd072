package dev.cdn.geodns.choice;

import dev.cdn.geodns.location.Location;
import dev.cdn.geodns.location.LocationTable;
import dev.cdn.geodns.pop.Pop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Picks the PoP that answers a client: performance-based routing after the seed design's GeoDNS and
 * PerformanceBasedRouter sketches. Each PoP gets a cost in milliseconds,
 * <pre>
 *   cost = distance / 100 km per ms      (round trip in fibre, about 200 km per ms each way)
 *        + latency                         (what the PoP itself adds, measured or reported)
 *        + max(0, load - 0.7) * 200 ms     (a PoP past 70% load is made to look farther, 60 ms when full)
 * </pre>
 * and the healthy PoPs are ranked by it. Most answers go to the lowest cost; a share goes to a runner-up within a
 * window of the best, picked with weights falling with the cost gap ({@code window - gap + 1}), the seed's
 * weighted-random exploration: no PoP gets every new client at once, and runner-ups keep getting traffic to be
 * measured. Pure: the random source is passed in, so a seeded one makes it deterministic.
 */
public final class Chooser {

    /** Round-trip milliseconds per kilometre of great-circle distance. */
    static final double MS_PER_KM = 1 / 100.0;
    static final double LOAD_KNEE = 0.7;
    static final double LOAD_PENALTY_MS = 200;

    private final ChoiceSettings settings;

    public Chooser(ChoiceSettings settings) {
        this.settings = settings;
    }

    public ChoiceSettings settings() {
        return settings;
    }

    /** The runner-ups a decision could have explored: healthy, after the best, within the window. */
    public List<Candidate> runnersUp(Decision decision) {
        List<Candidate> healthy = decision.candidates().stream().filter(c -> c.health() == PopHealth.UP).toList();
        if (healthy.isEmpty()) {
            return List.of();
        }
        double best = healthy.get(0).costMs();
        return healthy.stream().skip(1).limit(settings.exploreAmong())
                .filter(c -> c.costMs() - best <= settings.exploreWithinMs()).toList();
    }

    /**
     * @param location where the client is, if known (else distance counts for nothing)
     * @param health   each PoP's health by name; a PoP not in the map is up
     * @param ipv4     A (true) or AAAA (false): a PoP without an address of that family is not a candidate
     * @param uniform  uniform random numbers in [0, 1)
     */
    public Decision choose(Optional<LocationTable.Entry> location, List<Pop> pops, Map<String, PopHealth> health,
                           boolean ipv4, DoubleSupplier uniform) {
        return choose(location, pops, health, Map.of(), ipv4, uniform);
    }

    /**
     * As {@link #choose(Optional, List, Map, boolean, DoubleSupplier)}, with each PoP's live load from its edges
     * ({@code liveLoad}, 0..1 by PoP name) in place of the PoP file's figure where there is one: the candidate then
     * carries the PoP with that load, so explanations show what was weighed.
     */
    public Decision choose(Optional<LocationTable.Entry> location, List<Pop> pops, Map<String, PopHealth> health,
                           Map<String, Double> liveLoad, boolean ipv4, DoubleSupplier uniform) {
        Location where = location.map(LocationTable.Entry::location).orElse(null);
        List<Candidate> all = new ArrayList<>();
        for (Pop filed : pops) {
            if (filed.addresses(ipv4).isEmpty()) {
                continue;
            }
            Double live = liveLoad.get(filed.name());
            Pop pop = live == null ? filed : new Pop(filed.name(), filed.location(), filed.addresses(), live,
                    filed.latencyMs(), filed.drained());
            PopHealth h = pop.drained() ? PopHealth.DRAINED : health.getOrDefault(pop.name(), PopHealth.UP);
            double km = where == null ? Double.NaN : Distance.km(where, pop.location());
            double distanceMs = where == null ? 0 : km * MS_PER_KM;
            double loadMs = Math.max(0, pop.load() - LOAD_KNEE) * LOAD_PENALTY_MS;
            all.add(new Candidate(pop, km, h, distanceMs, loadMs, distanceMs + pop.latencyMs() + loadMs));
        }
        // Healthy first, then by cost; the name breaks ties so that equal costs always rank the same way.
        all.sort(Comparator.comparing((Candidate c) -> c.health() != PopHealth.UP)
                .thenComparingDouble(Candidate::costMs).thenComparing(c -> c.pop().name()));
        List<Candidate> healthy = all.stream().filter(c -> c.health() == PopHealth.UP).toList();
        if (healthy.isEmpty()) {
            Optional<Candidate> fallback = all.stream().filter(c -> c.health() != PopHealth.DRAINED)
                    .min(Comparator.comparingDouble(Candidate::costMs).thenComparing(c -> c.pop().name()));
            return fallback.map(c -> new Decision(location, all, Optional.of(c), Pick.FALLBACK_UNHEALTHY, c.pop().addresses(ipv4)))
                    .orElseGet(() -> new Decision(location, all, Optional.empty(), Pick.NONE, List.of()));
        }
        Candidate best = healthy.get(0);
        List<Candidate> runnersUp = runnersUp(new Decision(location, all, Optional.empty(), Pick.NONE, List.of()));
        if (!runnersUp.isEmpty() && uniform.getAsDouble() < settings.exploreShare()) {
            Candidate explored = weighted(runnersUp, best.costMs(), uniform.getAsDouble());
            return new Decision(location, all, Optional.of(explored), Pick.EXPLORED, explored.pop().addresses(ipv4));
        }
        return new Decision(location, all, Optional.of(best), Pick.BEST, best.pop().addresses(ipv4));
    }

    private Candidate weighted(List<Candidate> runnersUp, double bestCost, double u) {
        double[] weights = runnersUp.stream().mapToDouble(c -> settings.exploreWithinMs() - (c.costMs() - bestCost) + 1).toArray();
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double at = u * total;
        for (int i = 0; i < weights.length; i++) {
            at -= weights[i];
            if (at < 0) {
                return runnersUp.get(i);
            }
        }
        return runnersUp.get(runnersUp.size() - 1);
    }
}
