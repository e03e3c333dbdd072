package dev.cdn.geodns.admin;

import dev.cdn.geodns.RoutingSnapshot;
import dev.cdn.geodns.choice.Candidate;
import dev.cdn.geodns.choice.Chooser;
import dev.cdn.geodns.choice.Decision;
import dev.cdn.geodns.zone.NameKind;
import dev.cdn.geodns.zone.ServedNames;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a client gets the answer it gets, as JSON-ready maps: where the client was placed, every PoP with its
 * distance, health, load, latency and cost, the PoP answered and the runner-ups exploration may send it to. The
 * answer shown is the best PoP: exploration sends {@code exploration.share} of queries to the runner-ups instead.
 */
final class Explanation {

    private Explanation() {
    }

    static Map<String, Object> of(RoutingSnapshot snap, Chooser chooser, long ttl, InetAddress client, String name, boolean ipv4) {
        ServedNames.Classification what = snap.names().classify(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client", client.getHostAddress());
        out.put("name", ServedNames.canonical(name));
        out.put("type", ipv4 ? "A" : "AAAA");
        out.put("nameKind", what.kind().name());
        out.put("rcode", switch (what.kind()) {
            case SERVICE, APEX -> "NOERROR";
            case UNKNOWN_IN_ZONE -> "NXDOMAIN";
            case OUTSIDE -> "REFUSED";
        });
        // Never explores: the explanation names the best PoP and lists the runner-ups separately.
        Decision d = chooser.choose(snap.locations().lookup(client.getAddress()), snap.pops(), snap.live().health(), snap.live().load(), ipv4, () -> 1.0);
        out.put("location", d.location().map(e -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("block", e.block().toString());
            l.put("latitude", e.location().latitude());
            l.put("longitude", e.location().longitude());
            l.put("country", e.location().country());
            return (Object) l;
        }).orElse(null));
        out.put("candidates", d.candidates().stream().map(Explanation::candidate).toList());
        Map<String, Object> answer = new LinkedHashMap<>();
        if (what.kind() == NameKind.SERVICE) {
            answer.put("pop", d.chosen().map(c -> c.pop().name()).orElse(null));
            answer.put("pick", d.pick().label());
            answer.put("addresses", d.answer().stream().map(InetAddress::getHostAddress).toList());
            answer.put("ttl", ttl);
        }
        out.put("answer", answer);
        Map<String, Object> exploration = new LinkedHashMap<>();
        exploration.put("share", chooser.settings().exploreShare());
        exploration.put("withinMs", chooser.settings().exploreWithinMs());
        exploration.put("runnersUp", chooser.runnersUp(d).stream().map(c -> c.pop().name()).toList());
        out.put("exploration", exploration);
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("fetchedAt", snap.live().fetchedAt() == null ? null : snap.live().fetchedAt().toString());
        live.put("hostNames", snap.live().hostNames().size());
        out.put("liveData", live);
        return out;
    }

    private static Map<String, Object> candidate(Candidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pop", c.pop().name());
        m.put("health", c.health().label());
        m.put("distanceKm", Double.isNaN(c.distanceKm()) ? null : round(c.distanceKm()));
        m.put("distanceMs", round(c.distanceMs()));
        m.put("latencyMs", round(c.pop().latencyMs()));
        m.put("load", c.pop().load());
        m.put("loadPenaltyMs", round(c.loadPenaltyMs()));
        m.put("costMs", round(c.costMs()));
        m.put("addresses", c.pop().addresses().stream().map(InetAddress::getHostAddress).toList());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

}
