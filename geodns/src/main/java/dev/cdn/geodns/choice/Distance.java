package dev.cdn.geodns.choice;

import dev.cdn.geodns.location.Location;

/** Great-circle distance by the haversine formula (R. W. Sinnott, "Virtues of the Haversine", 1984). */
public final class Distance {

    /** Mean Earth radius (IUGG), km. */
    static final double EARTH_RADIUS_KM = 6371.0088;

    private Distance() {
    }

    public static double km(Location a, Location b) {
        double dLat = Math.toRadians(b.latitude() - a.latitude());
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.latitude())) * Math.cos(Math.toRadians(b.latitude())) * Math.pow(Math.sin(dLon / 2), 2);
        // min(): rounding can push h a hair above 1 for antipodal points, and asin would answer NaN.
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
