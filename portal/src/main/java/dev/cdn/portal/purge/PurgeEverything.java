package dev.cdn.portal.purge;

import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.web.Confirmation;

/**
 * The question asked before purging everything of a service: it sends every next request to the origin (a hard
 * purge until the cache fills again, a soft one for one revalidation each, RFC 9111 section 4.3), so the page says
 * so before anything happens. The form posts the same purge again with {@code confirmed=yes}.
 */
final class PurgeEverything {

    private PurgeEverything() {
    }

    static Confirmation confirmation(ServiceSummary service, boolean soft) {
        String domains = String.join(", ", service.domains());
        return Confirmation.ask("Purge everything in " + service.name() + "?")
                .under("Services", "/dashboard").under(service.name(), "/services/" + service.id())
                .says(soft
                        ? "Every edge marks everything it has cached for this service as stale: each object is "
                                + "revalidated with your origin on its next request (and the stale copy still served "
                                + "if the origin fails), so every request for " + domains + " goes to your origin once."
                        : "Every edge drops everything it has cached for this service. Until the cache fills again, "
                                + "every request for " + domains + " goes to your origin, which may be slow or "
                                + "overloaded meanwhile.")
                .posts("/services/" + service.id() + "/purge", "Purge everything")
                .with("kind", "all")
                .with("confirmed", "yes")
                .with("soft", soft ? "on" : null)
                .cancel("Cancel", "/services/" + service.id() + "/purge")
                .build();
    }
}
