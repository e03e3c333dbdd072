package dev.cdn.geodns.choice;

import dev.cdn.geodns.pop.Pop;

/**
 * One PoP as weighed for one client: its distance (km, NaN when the client's location is unknown), health, and
 * the cost in milliseconds the ranking sorts on (lower is better).
 */
public record Candidate(Pop pop, double distanceKm, PopHealth health, double distanceMs, double loadPenaltyMs,
                        double costMs) {
}
