package dev.cdn.geodns.choice;

import dev.cdn.geodns.location.LocationTable;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one choice: where the client was placed, every PoP weighed (in cost order, ineligible ones
 * last), the PoP picked and how, and the addresses answered.
 */
public record Decision(Optional<LocationTable.Entry> location, List<Candidate> candidates, Optional<Candidate> chosen,
                       Pick pick, List<InetAddress> answer) {
}
